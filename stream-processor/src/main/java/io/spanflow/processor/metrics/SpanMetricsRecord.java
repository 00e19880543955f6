package io.spanflow.processor.metrics;

import java.util.List;

/**
 * A record of {@code spanflow.span-metrics}: RED figures of one (service, operation, span kind) for
 * the spans that started in one bucket, counted so far; a later record with the same key replaces
 * an earlier one. Field names follow the es-sink's {@code SpanMetricsDocument}. Schema: {@code
 * io/spanflow/schemas/topics/span-metrics.schema.json}.
 *
 * @param timestamp bucket start, epoch milliseconds
 * @param latencyBoundsMicros upper bounds of the non-empty histogram buckets, ascending
 * @param latencyCounts {@code latencyCounts[i]} spans took at most {@code latencyBoundsMicros[i]}
 *     and more than the previous bound; one more entry than the bounds (the rest: always 0 here)
 */
public record SpanMetricsRecord(
    String serviceName,
    String operationName,
    String spanKind,
    long timestamp,
    String bucketStart,
    String bucketEnd,
    long callCount,
    long errorCount,
    long durationSumMicros,
    long durationMinMicros,
    long durationMaxMicros,
    long p50Micros,
    long p95Micros,
    long p99Micros,
    List<Long> latencyBoundsMicros,
    List<Long> latencyCounts) {

  /** The grouping key (the record key without the bucket). */
  public record Series(String serviceName, String operationName, String spanKind) {}

  /** The record key. */
  public record Key(
      String serviceName, String operationName, String spanKind, String bucketStart) {}
}
