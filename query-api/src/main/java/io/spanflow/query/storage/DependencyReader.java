package io.spanflow.query.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Reads the service graph built by the stream processor. */
public interface DependencyReader {

  /**
   * Links recorded in {@code (endTs - lookback, endTs]}; the same parent/child pair may appear more
   * than once (one per time bucket); callers sum them.
   */
  List<ServiceLink> getDependencies(Instant endTs, Duration lookback);
}
