package io.spanflow.sink.bulk;

import java.time.Duration;

/**
 * Bulk flushing and retry knobs. Defaults are Jaeger's: 1000 actions, 5 MB, 200 ms, 1 worker.
 *
 * @param actions flush when a batch holds this many actions ({@code --es.bulk.actions})
 * @param bytes flush when a batch body reaches this size ({@code --es.bulk.size})
 * @param flushInterval flush a non-empty batch this long after its first action ({@code
 *     --es.bulk.flush-interval})
 * @param workers concurrent bulk requests; partitions are spread over workers so each partition's
 *     order holds ({@code --es.bulk.workers})
 * @param maxPendingBatches sealed batches a worker may queue before its partitions are paused
 * @param initialBackoff first retry delay, doubled per attempt
 * @param maxBackoff retry delay cap; retries never stop
 */
public record BulkSettings(
    int actions,
    long bytes,
    Duration flushInterval,
    int workers,
    int maxPendingBatches,
    Duration initialBackoff,
    Duration maxBackoff) {

  public BulkSettings {
    if (actions < 1 || bytes < 1 || workers < 1 || maxPendingBatches < 1) {
      throw new IllegalArgumentException(
          "bulk actions, bytes, workers and pending batches must be >= 1");
    }
    if (flushInterval.isNegative() || initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("bulk durations must not be negative");
    }
  }

  public static BulkSettings defaults() {
    return new BulkSettings(
        1000,
        5_000_000L,
        Duration.ofMillis(200),
        1,
        2,
        Duration.ofMillis(100),
        Duration.ofSeconds(30));
  }

  public BulkSettings withActions(int n) {
    return new BulkSettings(
        n, bytes, flushInterval, workers, maxPendingBatches, initialBackoff, maxBackoff);
  }

  public BulkSettings withBytes(long n) {
    return new BulkSettings(
        actions, n, flushInterval, workers, maxPendingBatches, initialBackoff, maxBackoff);
  }

  public BulkSettings withFlushInterval(Duration d) {
    return new BulkSettings(
        actions, bytes, d, workers, maxPendingBatches, initialBackoff, maxBackoff);
  }

  public BulkSettings withWorkers(int n) {
    return new BulkSettings(
        actions, bytes, flushInterval, n, maxPendingBatches, initialBackoff, maxBackoff);
  }

  public BulkSettings withBackoff(Duration initial, Duration max) {
    return new BulkSettings(
        actions, bytes, flushInterval, workers, maxPendingBatches, initial, max);
  }

  /** Delay before retry number {@code attempt} (0-based): doubling, capped. */
  public Duration backoff(int attempt) {
    long millis = initialBackoff.toMillis() << Math.min(attempt, 20);
    return Duration.ofMillis(Math.min(Math.max(millis, 1), maxBackoff.toMillis()));
  }
}
