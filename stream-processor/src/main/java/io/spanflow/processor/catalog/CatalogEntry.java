package io.spanflow.processor.catalog;

/**
 * A record of {@code spanflow.service-operations} (compacted): this operation of this service was
 * seen with this span kind on this day (UTC). Emitted once per key. Schema: {@code
 * io/spanflow/schemas/topics/service-operations.schema.json}.
 *
 * @param day yyyy-MM-dd (UTC) of the span's start
 * @param firstSeen ISO-8601 start time of the first span seen
 * @param timestamp the same in epoch milliseconds
 */
public record CatalogEntry(
    String serviceName,
    String operationName,
    String spanKind,
    String day,
    String firstSeen,
    long timestamp) {

  /** The record key. */
  public record Key(String serviceName, String operationName, String spanKind, String day) {}

  public Key key() {
    return new Key(serviceName, operationName, spanKind, day);
  }
}
