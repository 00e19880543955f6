package io.spanflow.processor.dependencies;

/**
 * A record of {@code spanflow.dependency-links}: the calls from one service to another that started
 * in one time bucket, counted so far. A later record with the same key replaces an earlier one (the
 * counts only grow). Schema: {@code io/spanflow/schemas/topics/dependency-links.schema.json}.
 *
 * @param bucketStart ISO-8601 UTC start of the bucket
 * @param bucketEnd ISO-8601 UTC end of the bucket (exclusive)
 * @param timestamp bucket start in epoch milliseconds
 */
public record DependencyLinkRecord(
    String parent,
    String child,
    long callCount,
    long errorCount,
    String bucketStart,
    String bucketEnd,
    long timestamp,
    String source) {

  /** The key of the record: the same for every update of one edge in one bucket. */
  public record Key(String parent, String child, String bucketStart) {}
}
