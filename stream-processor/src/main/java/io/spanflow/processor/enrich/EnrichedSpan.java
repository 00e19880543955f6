package io.spanflow.processor.enrich;

import io.spanflow.proto.jaeger.Span;

/** A validated, deduplicated span with its derived facts; what every output stage consumes. */
public record EnrichedSpan(Span span, SpanFacts facts) {}
