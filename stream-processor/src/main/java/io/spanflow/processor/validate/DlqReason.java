package io.spanflow.processor.validate;

/**
 * Why a record went to the dead-letter topic. {@link #label()} is the stable value of the {@code
 * spanflow.dlq.reason} header and of the {@code reason} metric tag.
 */
public enum DlqReason {
  /** The value is not a protobuf {@code jaeger.api_v2.Span} (or is empty). */
  UNDECODABLE("undecodable"),
  /** The trace id is empty or all zeros. */
  MISSING_TRACE_ID("missing_trace_id"),
  /** The trace id is not 16 bytes. */
  BAD_TRACE_ID("bad_trace_id"),
  /** The span id is empty or all zeros. */
  MISSING_SPAN_ID("missing_span_id"),
  /** The span id is not 8 bytes. */
  BAD_SPAN_ID("bad_span_id"),
  /** A record on the OTLP topic is not an {@code ExportTraceServiceRequest}. */
  OTLP_UNDECODABLE("otlp_undecodable"),
  /** The OTLP converter rejected a span of the request (detail says why). */
  OTLP_REJECTED("otlp_rejected"),
  /** Kafka Streams could not deserialize a record (for example on an internal topic). */
  DESERIALIZATION_ERROR("deserialization_error"),
  /** A stage threw while processing the record. */
  PROCESSING_ERROR("processing_error");

  private final String label;

  DlqReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
