package io.spanflow.query.adjust;

import io.spanflow.proto.jaeger.Span;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Drops exact copies of a span, which at-least-once delivery can leave in storage under different
 * document ids. Spans that share an id but differ (Zipkin's client and server halves) are kept.
 */
public final class SpanDeduplicator implements Adjuster {

  @Override
  public List<Span> adjust(List<Span> trace) {
    LinkedHashSet<Span> unique = new LinkedHashSet<>(trace);
    return unique.size() == trace.size() ? trace : List.copyOf(unique);
  }
}
