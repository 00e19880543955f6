package io.spanflow.collector.ingest;

/**
 * Why a request was not accepted. Each {@link Kind} has one HTTP status and one gRPC status, so
 * every protocol answers the same failure the same way.
 */
public final class IngestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The classes of failure a client can act on. */
  public enum Kind {
    /** The body cannot be decoded: do not retry. */
    BAD_REQUEST(400, io.grpc.Status.Code.INVALID_ARGUMENT),
    /** The body, a message or a span is over a configured limit: do not retry as is. */
    TOO_LARGE(413, io.grpc.Status.Code.RESOURCE_EXHAUSTED),
    /** Too much work in flight: retry later. */
    OVERLOADED(429, io.grpc.Status.Code.RESOURCE_EXHAUSTED),
    /** Kafka cannot be reached or did not acknowledge: retry later. */
    UNAVAILABLE(503, io.grpc.Status.Code.UNAVAILABLE);

    private final int httpStatus;
    private final io.grpc.Status.Code grpcCode;

    Kind(int httpStatus, io.grpc.Status.Code grpcCode) {
      this.httpStatus = httpStatus;
      this.grpcCode = grpcCode;
    }

    public int httpStatus() {
      return httpStatus;
    }

    public io.grpc.Status.Code grpcCode() {
      return grpcCode;
    }
  }

  private final Kind kind;

  public IngestException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public IngestException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static IngestException badRequest(String message) {
    return new IngestException(Kind.BAD_REQUEST, message);
  }

  public static IngestException tooLarge(String message) {
    return new IngestException(Kind.TOO_LARGE, message);
  }

  /** The ingest failure inside {@code t} (unwrapping completion wrappers), or UNAVAILABLE. */
  public static IngestException from(Throwable t) {
    Throwable cause = t;
    while (cause != null) {
      if (cause instanceof IngestException ie) {
        return ie;
      }
      cause = cause.getCause();
    }
    return new IngestException(Kind.UNAVAILABLE, "span storage failed: " + t, t);
  }

  /** This failure as a gRPC status exception with its message as description. */
  public io.grpc.StatusRuntimeException toGrpc() {
    return io.grpc.Status.fromCode(kind.grpcCode)
        .withDescription(getMessage())
        .asRuntimeException();
  }
}
