package io.spanflow.sink.bulk;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets whose records are done (stored or dead-lettered), per partition, and the assignment epoch
 * of each partition. Workers report completion; the consumer thread commits.
 *
 * <p>A partition belongs to one worker and a worker finishes batches in order, so "done up to N" is
 * just the highest next-offset reported.
 */
public final class CompletedOffsets {

  private final Map<TopicPartition, Long> done = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> handed = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Integer> epochs = new ConcurrentHashMap<>();

  /** Current epoch of a partition (the value to stamp on its actions). */
  public int epoch(TopicPartition tp) {
    return epochs.getOrDefault(tp, 0);
  }

  public boolean isCurrent(TopicPartition tp, int epoch) {
    return epoch(tp) == epoch;
  }

  /** Marks records of {@code tp} before {@code nextOffset} done, unless the epoch is stale. */
  public void complete(TopicPartition tp, int epoch, long nextOffset) {
    synchronized (this) {
      if (isCurrent(tp, epoch)) {
        done.merge(tp, nextOffset, Math::max);
      }
    }
  }

  /** The consumer thread handed the records of {@code tp} before {@code nextOffset} to a worker. */
  public void handed(TopicPartition tp, long nextOffset) {
    handed.merge(tp, nextOffset, Math::max);
  }

  /** Offsets done but not yet committed; call {@link #committed} after committing them. */
  public Map<TopicPartition, OffsetAndMetadata> toCommit() {
    return toCommit(Map.of());
  }

  /**
   * Like {@link #toCommit()}, but a partition with no record outstanding commits its consumer
   * position when that is further. A read_committed consumer skips transaction markers (the stream
   * processor writes transactionally), so "the offset after the last record" stays one short of the
   * end for ever and the lag would never read zero.
   *
   * @param positions the consumer's position of assigned partitions, taken after every polled
   *     record was handed over
   */
  public Map<TopicPartition, OffsetAndMetadata> toCommit(Map<TopicPartition, Long> positions) {
    Map<TopicPartition, Long> next = new HashMap<>(done);
    positions.forEach(
        (tp, position) -> {
          long doneUpTo = done.getOrDefault(tp, -1L);
          if (handed.getOrDefault(tp, -1L) <= doneUpTo) {
            next.merge(tp, position, Math::max);
          }
        });
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    next.forEach(
        (tp, offset) -> {
          Long last = committed.get(tp);
          if (last == null || last < offset) {
            out.put(tp, new OffsetAndMetadata(offset));
          }
        });
    return out;
  }

  public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((tp, o) -> committed.merge(tp, o.offset(), Math::max));
  }

  /** After a rebalance took these partitions away: later completions of old work are ignored. */
  public void revoke(Collection<TopicPartition> partitions) {
    synchronized (this) {
      for (TopicPartition tp : partitions) {
        epochs.merge(tp, 1, Integer::sum);
        done.remove(tp);
        handed.remove(tp);
        committed.remove(tp);
      }
    }
  }
}
