package io.spanflow.tracegen.send;

/** What became of one request (or, over UDP, one chunk of packets). */
public record Outcome(Status status, String detail) {

  public static final Outcome ACCEPTED = new Outcome(Status.ACCEPTED, "");

  public static Outcome backpressure(String detail) {
    return new Outcome(Status.BACKPRESSURE, detail);
  }

  public static Outcome unavailable(String detail) {
    return new Outcome(Status.UNAVAILABLE, detail);
  }

  public static Outcome rejected(String detail) {
    return new Outcome(Status.REJECTED, detail);
  }

  /** Worth retrying after a pause. */
  public boolean retryable() {
    return status == Status.BACKPRESSURE || status == Status.UNAVAILABLE;
  }

  public enum Status {
    /** The receiver took the spans (for UDP: the packets left). */
    ACCEPTED,
    /** The receiver is overloaded: HTTP 429, gRPC RESOURCE_EXHAUSTED. */
    BACKPRESSURE,
    /** The receiver cannot take spans now: HTTP 503, gRPC UNAVAILABLE, connection refused. */
    UNAVAILABLE,
    /** The receiver refused the request for good (400, 413, INVALID_ARGUMENT, ...). */
    REJECTED
  }
}
