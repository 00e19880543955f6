package io.spanflow.collector.sampling;

/** A strategies file that cannot be used; the message names the file and what is wrong. */
public final class InvalidStrategiesException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidStrategiesException(String message) {
    super(message);
  }

  public InvalidStrategiesException(String message, Throwable cause) {
    super(message, cause);
  }
}
