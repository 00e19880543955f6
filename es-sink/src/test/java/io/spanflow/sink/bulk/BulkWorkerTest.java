package io.spanflow.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.schemas.es.IndexFamily;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BulkWorkerTest {

  private static final TopicPartition TP = new TopicPartition("spans", 0);

  private final CompletedOffsets offsets = new CompletedOffsets();
  private final SinkMetrics metrics = new SinkMetrics(new SimpleMeterRegistry());
  private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
  private final List<String> stored = Collections.synchronizedList(new ArrayList<>());
  private BulkWorker worker;

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.drain(Duration.ofSeconds(1));
    }
  }

  private BulkWorker start(BulkSettings settings, BulkWriter writer) {
    worker = new BulkWorker("test", settings, writer, dead::addAll, offsets, metrics);
    worker.start();
    return worker;
  }

  private static BulkSettings fast() {
    return BulkSettings.defaults()
        .withActions(3)
        .withFlushInterval(Duration.ofMillis(20))
        .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
  }

  private static BulkAction action(long offset, String id) {
    ConsumerRecord<byte[], byte[]> r =
        new ConsumerRecord<>(
            TP.topic(),
            TP.partition(),
            offset,
            id.getBytes(StandardCharsets.UTF_8),
            "{}".getBytes(StandardCharsets.UTF_8));
    return BulkAction.index(
        "idx", id, "{}".getBytes(StandardCharsets.UTF_8), IndexFamily.SPAN, r, 0);
  }

  /** A writer answering each item by a rule; stores the accepted ones. */
  private BulkWriter writer(Function<BulkAction, Integer> status) {
    return actions -> {
      List<ItemOutcome> out = new ArrayList<>();
      for (BulkAction a : actions) {
        int s = status.apply(a);
        if (s < 300) {
          stored.add(a.id());
        }
        out.add(
            new ItemOutcome(
                a,
                ItemOutcome.classify(s, null),
                s,
                s < 300 ? null : "err_" + s,
                s < 300 ? null : "reason " + s));
      }
      return out;
    };
  }

  private Map<TopicPartition, OffsetAndMetadata> committable() {
    return offsets.toCommit();
  }

  @Test
  void flushesBySizeAndTime_thenReportsOffsets() {
    start(fast().withFlushInterval(Duration.ofHours(1)), writer(a -> 201));

    for (int i = 0; i < 3; i++) {
      worker.add(action(i, "d" + i));
    }

    await().until(() -> stored.size() == 3);
    await().until(() -> committable().get(TP) != null && committable().get(TP).offset() == 3);
    assertThat(metrics.indexedCount("jaeger-span")).isEqualTo(3);
  }

  @Test
  void retriesRejectedItemsUntilTheyLand_andHoldsOffsetsMeanwhile() {
    AtomicInteger tooMany = new AtomicInteger(5);
    start(fast(), writer(a -> a.id().equals("d1") && tooMany.getAndDecrement() > 0 ? 429 : 201));

    worker.add(action(0, "d0"));
    worker.add(action(1, "d1"));
    worker.add(action(2, "d2"));

    await().until(() -> stored.contains("d1"));
    assertThat(stored).containsExactlyInAnyOrder("d0", "d1", "d2");
    assertThat(committable().get(TP).offset()).isEqualTo(3);
    assertThat(metrics.retriedCount()).isEqualTo(5);
    assertThat(dead).isEmpty();
  }

  @Test
  void deadLettersItemsRefusedForGood_whileNeighboursLand() {
    start(fast(), writer(a -> a.id().equals("bad") ? 400 : 201));

    worker.add(action(0, "a"));
    worker.add(action(1, "bad"));
    worker.add(action(2, "b"));

    await().until(() -> committable().get(TP) != null && committable().get(TP).offset() == 3);
    assertThat(stored).containsExactlyInAnyOrder("a", "b");
    assertThat(dead)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.action().id()).isEqualTo("bad");
              assertThat(d.status()).isEqualTo(400);
              assertThat(d.reason()).isEqualTo("reason 400");
            });
    assertThat(metrics.deadLetteredCount()).isEqualTo(1);
  }

  @Test
  void retriesAWholeFailedRequest_withoutCommittingAnythingMeanwhile() {
    AtomicInteger down = new AtomicInteger(4);
    BulkWriter ok = writer(a -> 201);
    start(
        fast(),
        actions -> {
          if (down.getAndDecrement() > 0) {
            assertThat(committable()).isEmpty();
            throw new ConnectException("refused");
          }
          return ok.write(actions);
        });

    worker.add(action(0, "x"));

    await().until(() -> stored.contains("x"));
    await().until(() -> committable().get(TP) != null);
    assertThat(worker.failing()).isFalse();
  }

  @Test
  void backsUpWhileEsIsDown_soTheConsumerPauses() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    start(
        fast().withActions(1),
        actions -> {
          calls.incrementAndGet();
          throw new IOException("down");
        });

    for (int i = 0; i < 5; i++) {
      worker.add(action(i, "d" + i));
    }

    await().until(() -> !worker.hasCapacity());
    await().until(worker::failing);
    assertThat(committable()).isEmpty();
  }

  @Test
  void keepsTheLastVersionOfADocumentWithinABatch() {
    Map<String, Long> lastOffset = new ConcurrentHashMap<>();
    start(
        fast().withActions(10).withFlushInterval(Duration.ofMillis(50)),
        actions -> {
          List<ItemOutcome> out = new ArrayList<>();
          for (BulkAction a : actions) {
            lastOffset.put(a.id(), a.offset());
            out.add(new ItemOutcome(a, ItemOutcome.Disposition.INDEXED, 200, null, null));
          }
          return out;
        });

    worker.add(action(0, "m"));
    worker.add(action(1, "n"));
    worker.add(action(2, "m"));

    await().until(() -> committable().get(TP) != null && committable().get(TP).offset() == 3);
    assertThat(lastOffset).containsEntry("m", 2L).containsEntry("n", 1L);
  }

  @Test
  void dropsWorkOfARevokedPartition() {
    AtomicInteger down = new AtomicInteger(3);
    start(
        fast(),
        actions -> {
          if (down.getAndDecrement() > 0) {
            throw new IOException("down");
          }
          stored.addAll(actions.stream().map(BulkAction::id).toList());
          return actions.stream()
              .map(a -> new ItemOutcome(a, ItemOutcome.Disposition.INDEXED, 200, null, null))
              .toList();
        });

    worker.add(action(0, "old"));
    offsets.revoke(List.of(TP));

    await().during(Duration.ofMillis(200)).until(() -> worker.heldActions() == 0);
    assertThat(stored).isEmpty();
    assertThat(committable()).isEmpty();
  }
}
