package io.spanflow.runtime;

/** A component's {@code start()} failed; the message names the component and the cause. */
public final class ComponentStartException extends Exception {
  private final String component;

  public ComponentStartException(String component, Throwable cause) {
    super(component + " failed to start: " + cause, cause);
    this.component = component;
  }

  /** Name of the component that failed. */
  public String component() {
    return component;
  }
}
