package io.spanflow.query.adjust;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drops exact copies of a span, which at-least-once delivery can leave in storage under different
 * document ids. Spans that share an id but differ (Zipkin's client and server halves) are kept.
 *
 * <p>Copies share a span id, so only spans with the same id are compared in full: hashing whole
 * spans (every tag and log) cost more than the rest of the adjusters together.
 */
public final class SpanDeduplicator implements Adjuster {

  @Override
  public List<Span> adjust(List<Span> trace) {
    Map<ByteString, Object> seen = new HashMap<>(trace.size() * 2);
    List<Span> unique = null;
    for (int i = 0; i < trace.size(); i++) {
      Span s = trace.get(i);
      if (isCopy(seen, s)) {
        if (unique == null) {
          unique = new ArrayList<>(trace.subList(0, i));
        }
      } else if (unique != null) {
        unique.add(s);
      }
    }
    return unique == null ? trace : List.copyOf(unique);
  }

  /** Records the span under its id; true when an equal span was recorded before. */
  @SuppressWarnings("unchecked")
  private static boolean isCopy(Map<ByteString, Object> seen, Span s) {
    Object previous = seen.putIfAbsent(s.getSpanId(), s);
    if (previous == null) {
      return false;
    }
    List<Span> same;
    if (previous instanceof Span first) {
      if (first.equals(s)) {
        return true;
      }
      same = new ArrayList<>(2);
      same.add(first);
      seen.put(s.getSpanId(), same);
    } else {
      same = (List<Span>) previous;
      if (same.contains(s)) {
        return true;
      }
    }
    same.add(s);
    return false;
  }
}
