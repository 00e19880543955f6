package io.spanflow.processor.validate;

import io.spanflow.proto.jaeger.Span;
import java.util.List;

/** What {@link SpanValidator} decided about one record. */
public sealed interface Validation {

  /** A usable span; {@code repairs} lists the rule ids applied (also in the span's warnings). */
  record Accepted(Span span, List<String> repairs) implements Validation {}

  /** The record goes to the DLQ. */
  record Rejected(DlqReason reason, String detail) implements Validation {}
}
