package io.spanflow.runtime.config;

import io.spanflow.runtime.admin.HostPort;
import picocli.CommandLine.Option;

/**
 * Options every component shares, used as a picocli {@code @Mixin}. Each component has its own
 * default admin port (Jaeger's numbers), so it passes it in:
 *
 * <pre>{@code
 * @Mixin AdminOptions admin = new AdminOptions(14271);
 * }</pre>
 */
public final class AdminOptions {

  @Option(
      names = "--admin.http.host-port",
      paramLabel = "HOST:PORT",
      converter = HostPortConverter.class,
      description =
          "Address of the admin HTTP server: health on /, Prometheus metrics on /metrics.")
  private HostPort hostPort;

  /** For picocli; prefer {@link #AdminOptions(int)} with the component's admin port. */
  public AdminOptions() {
    this(0);
  }

  /** Admin options whose default address is every interface on {@code defaultPort}. */
  public AdminOptions(int defaultPort) {
    this.hostPort = new HostPort("", defaultPort);
  }

  /** The configured {@code --admin.http.host-port}, e.g. {@code ":14271"}. */
  public HostPort hostPort() {
    return hostPort;
  }

  @Override
  public String toString() {
    return "AdminOptions{admin.http.host-port=" + hostPort + "}";
  }
}
