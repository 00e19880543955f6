package io.spanflow.query.http;

/** A feature this deployment has switched off (e.g. no metrics storage); maps to HTTP 501. */
public final class NotImplementedException extends RuntimeException {

  public NotImplementedException(String message) {
    super(message);
  }
}
