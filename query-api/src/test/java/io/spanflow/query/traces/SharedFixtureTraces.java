package io.spanflow.query.traces;

import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.fixtures.TestTraces;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The project's shared fixture traces, placed at one base time for the query tests. */
public final class SharedFixtureTraces {

  public static final Instant BASE = Instant.parse("2026-11-21T11:30:00Z");
  public static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  public static final int LARGE_SIZE = 10_001;

  private SharedFixtureTraces() {}

  /** Two-service, Zipkin shared-span and all-types traces (not the large one). */
  public static List<Span> small() {
    List<Span> spans = new ArrayList<>();
    spans.addAll(TestTraces.twoServiceTrace(BASE));
    spans.addAll(TestTraces.zipkinSharedSpanTrace(BASE));
    spans.addAll(TestTraces.allTypesTrace(BASE));
    return spans;
  }

  public static List<Span> large() {
    return TestTraces.largeTrace(LARGE_SIZE, BASE);
  }
}
