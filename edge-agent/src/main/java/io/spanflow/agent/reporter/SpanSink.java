package io.spanflow.agent.reporter;

import io.spanflow.proto.jaeger.Span;
import java.util.List;

/** Where receivers hand decoded spans. Must not block the caller for long: receivers are hot. */
@FunctionalInterface
public interface SpanSink {

  /** Takes the spans (each with its process embedded); drops and counts what it cannot hold. */
  void accept(List<Span> spans);
}
