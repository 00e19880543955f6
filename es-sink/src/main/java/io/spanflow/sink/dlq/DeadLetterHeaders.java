package io.spanflow.sink.dlq;

/**
 * Headers the sink adds to a record it copies to {@code spanflow.es.dlq}. Key, value and the
 * original headers are kept as they were, so a fixed record can be re-published as is.
 */
public final class DeadLetterHeaders {

  /**
   * ES error type ({@code mapper_parsing_exception}) or the sink's reason ({@code missing_key}).
   */
  public static final String ERROR_TYPE = "spanflow.es.error.type";

  /** ES error reason text. */
  public static final String ERROR_REASON = "spanflow.es.error.reason";

  /** HTTP status ES gave the item, decimal; {@code 0} when the record never reached ES. */
  public static final String STATUS = "spanflow.es.status";

  /** Index the document was meant for (with prefix), when known. */
  public static final String INDEX = "spanflow.es.index";

  public static final String SOURCE_TOPIC = "spanflow.source.topic";
  public static final String SOURCE_PARTITION = "spanflow.source.partition";
  public static final String SOURCE_OFFSET = "spanflow.source.offset";

  private DeadLetterHeaders() {}
}
