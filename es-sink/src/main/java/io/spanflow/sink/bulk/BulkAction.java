package io.spanflow.sink.bulk;

import io.spanflow.schemas.es.IndexFamily;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What one Kafka record asks of Elasticsearch: index a document, nothing (a tombstone), or nothing
 * because the record itself is unusable (it goes to the dead-letter topic).
 *
 * @param epoch the partition's assignment epoch when the record was read; work of an older epoch is
 *     dropped after a rebalance (the new owner replays it)
 */
public record BulkAction(
    Kind kind,
    String index,
    String id,
    byte[] document,
    IndexFamily family,
    ConsumerRecord<byte[], byte[]> source,
    int epoch,
    String rejectReason) {

  /** What to do with the record. */
  public enum Kind {
    /** Index {@code document} under {@code index}/{@code id}. */
    INDEX,
    /** Nothing to write (e.g. a compaction tombstone); only its offset counts. */
    SKIP,
    /** Unusable record: dead-letter it with {@code rejectReason}. */
    REJECT
  }

  public BulkAction {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
  }

  public static BulkAction index(
      String index,
      String id,
      byte[] document,
      IndexFamily family,
      ConsumerRecord<byte[], byte[]> source,
      int epoch) {
    return new BulkAction(
        Kind.INDEX,
        Objects.requireNonNull(index, "index"),
        Objects.requireNonNull(id, "id"),
        Objects.requireNonNull(document, "document"),
        family,
        source,
        epoch,
        null);
  }

  public static BulkAction skip(ConsumerRecord<byte[], byte[]> source, int epoch) {
    return new BulkAction(Kind.SKIP, null, null, null, null, source, epoch, null);
  }

  public static BulkAction reject(
      ConsumerRecord<byte[], byte[]> source, IndexFamily family, int epoch, String reason) {
    return new BulkAction(Kind.REJECT, null, null, null, family, source, epoch, reason);
  }

  public TopicPartition partition() {
    return new TopicPartition(source.topic(), source.partition());
  }

  public long offset() {
    return source.offset();
  }

  /** Bytes this action adds to a bulk body (document plus a generous action line). */
  public long sizeInBytes() {
    return document == null ? 0 : document.length + 64 + id.length() + index.length();
  }

  /** Label for metrics. */
  public String familyLabel() {
    return family == null ? "unknown" : family.baseName();
  }
}
