package io.spanflow.tracegen.traces;

import java.time.Instant;

/** Where a sender's traces come from; one per thread. */
public interface TraceSource {

  /** The next trace, ending at {@code end}. */
  GeneratedTrace next(Instant end);
}
