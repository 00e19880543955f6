package io.spanflow.processor.validate;

import io.spanflow.proto.jaeger.Span;

/**
 * The intake's output: either a usable span, or a dead letter holding the original key and value
 * (the DLQ headers travel on the record itself).
 *
 * @param keyedByTraceId the source record's key already was the trace id, so no repartition
 */
public record SpanIntake(
    Span span, boolean keyedByTraceId, byte[] originalKey, byte[] originalValue) {

  public static SpanIntake accepted(Span span, boolean keyedByTraceId) {
    return new SpanIntake(span, keyedByTraceId, null, null);
  }

  public static SpanIntake rejected(byte[] key, byte[] value) {
    return new SpanIntake(null, false, key, value);
  }

  public boolean isRejected() {
    return span == null;
  }
}
