package io.spanflow.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CompletedOffsetsTest {
  private static final TopicPartition TP = new TopicPartition("spanflow.spans.indexed", 0);

  @Test
  void commitsTheOffsetAfterTheLastStoredRecord() {
    CompletedOffsets offsets = new CompletedOffsets();
    offsets.handed(TP, 10);
    offsets.complete(TP, offsets.epoch(TP), 10);

    assertThat(offsets.toCommit()).containsExactly(Map.entry(TP, new OffsetAndMetadata(10)));
  }

  @Test
  void aDrainedPartitionCommitsThePositionPastATransactionMarker() {
    CompletedOffsets offsets = new CompletedOffsets();
    offsets.handed(TP, 10);
    offsets.complete(TP, offsets.epoch(TP), 10);

    // The consumer skipped the commit marker at offset 10: its position is 11.
    assertThat(offsets.toCommit(Map.of(TP, 11L)))
        .containsExactly(Map.entry(TP, new OffsetAndMetadata(11)));
  }

  @Test
  void aPartitionWithRecordsOutstandingNeverCommitsThePosition() {
    CompletedOffsets offsets = new CompletedOffsets();
    offsets.handed(TP, 20);
    offsets.complete(TP, offsets.epoch(TP), 10);

    // Records 10..19 are still in a bulk: committing 21 would lose them on a crash.
    assertThat(offsets.toCommit(Map.of(TP, 21L)))
        .containsExactly(Map.entry(TP, new OffsetAndMetadata(10)));
  }

  @Test
  void aPartitionThatOnlyHeldMarkersCommitsItsPosition() {
    CompletedOffsets offsets = new CompletedOffsets();

    assertThat(offsets.toCommit(Map.of(TP, 3L)))
        .containsExactly(Map.entry(TP, new OffsetAndMetadata(3)));
    offsets.committed(Map.of(TP, new OffsetAndMetadata(3)));
    assertThat(offsets.toCommit(Map.of(TP, 3L))).isEmpty();
  }

  @Test
  void aRevokedPartitionForgetsWhatWasHanded() {
    CompletedOffsets offsets = new CompletedOffsets();
    int oldEpoch = offsets.epoch(TP);
    offsets.handed(TP, 20);
    offsets.revoke(java.util.List.of(TP));
    offsets.complete(TP, oldEpoch, 20);

    assertThat(offsets.toCommit()).isEmpty();
  }
}
