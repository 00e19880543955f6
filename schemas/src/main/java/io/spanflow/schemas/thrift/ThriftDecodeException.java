package io.spanflow.schemas.thrift;

/** Input that cannot be read as the expected thrift message or struct. */
public final class ThriftDecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Input ended in the middle of a value. */
  public static final String TRUNCATED = "truncated";

  /** The message header is not a CALL or ONEWAY. */
  public static final String BAD_MESSAGE_TYPE = "bad_message_type";

  /** The message names a method other than the expected one. */
  public static final String UNKNOWN_METHOD = "unknown_method";

  /** Bytes that are not valid thrift of the expected protocol (bad type ids, version, sizes). */
  public static final String MALFORMED = "malformed";

  /** A required field (for example the batch's spans) is missing. */
  public static final String MISSING_FIELD = "missing_field";

  private final String reason;

  public ThriftDecodeException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ThriftDecodeException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Short stable label fit for a metric tag, e.g. {@code "truncated"}. */
  public String reason() {
    return reason;
  }
}
