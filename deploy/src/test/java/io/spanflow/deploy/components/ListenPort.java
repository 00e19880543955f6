package io.spanflow.deploy.components;

/** A port a component binds, the option that sets it, and its transport. */
public record ListenPort(String option, int port, Protocol protocol) {

  /** Transport of a port, spelled as compose, Dockerfiles and Kubernetes spell it. */
  public enum Protocol {
    TCP,
    UDP
  }

  @Override
  public String toString() {
    return port + "/" + protocol.name().toLowerCase(java.util.Locale.ROOT) + " (" + option + ")";
  }
}
