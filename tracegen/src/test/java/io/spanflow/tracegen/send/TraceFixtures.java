package io.spanflow.tracegen.send;

import io.spanflow.proto.jaeger.Span;
import io.spanflow.tracegen.traces.RandomCallTrees;
import io.spanflow.tracegen.traces.RandomTraceSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Generated spans for the encoding tests; every trace has at least one failure to encode. */
final class TraceFixtures {
  private TraceFixtures() {}

  static List<Span> spans(int traces) {
    RandomTraceSource source = new RandomTraceSource(new RandomCallTrees(6, 2, 2), 1.0, 0.5, 3);
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < traces; i++) {
      spans.addAll(source.next(Instant.parse("2026-11-21T12:00:00Z")).spans());
    }
    return spans;
  }
}
