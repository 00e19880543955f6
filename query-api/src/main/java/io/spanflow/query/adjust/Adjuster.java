package io.spanflow.query.adjust;

import io.spanflow.proto.jaeger.Span;
import java.util.List;

/** Rewrites the spans of one trace; reports problems as span warnings, never by throwing. */
@FunctionalInterface
public interface Adjuster {

  List<Span> adjust(List<Span> trace);

  /** This adjuster, then {@code next}. */
  default Adjuster andThen(Adjuster next) {
    return trace -> next.adjust(adjust(trace));
  }
}
