package io.spanflow.agent.reporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.PostSpansRequest;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingReporterTest {
  private static final Process FRONTEND = Process.newBuilder().setServiceName("frontend").build();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Queue<Batch> delivered = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean collectorDown = new AtomicBoolean();
  private final AtomicInteger attempts = new AtomicInteger();
  private BatchingReporter reporter;

  private final BatchSender sender =
      batch -> {
        attempts.incrementAndGet();
        if (collectorDown.get()) {
          throw new IllegalStateException("UNAVAILABLE: collector down");
        }
        delivered.add(PostSpansRequest.parseFrom(batch.requestBytes()).getBatch());
      };

  @AfterEach
  void close() {
    if (reporter != null) {
      reporter.close();
    }
  }

  private static List<Span> spans(int from, int count) {
    List<Span> spans = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      spans.add(
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(new byte[16]))
              .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) i}))
              .setOperationName("op-" + i)
              .setProcess(FRONTEND)
              .build());
    }
    return spans;
  }

  private List<String> deliveredOperations() {
    List<String> ops = new ArrayList<>();
    delivered.forEach(b -> b.getSpansList().forEach(s -> ops.add(s.getOperationName())));
    return ops;
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void batchesBySpanCount_inArrivalOrder() {
    reporter =
        BatchingReporter.builder()
            .sender(sender)
            .registry(registry)
            .maxBatchSpans(10)
            .batchDelay(Duration.ofSeconds(30))
            .build();
    reporter.start();

    reporter.accept(spans(0, 25));

    // Two full batches leave at once; the last 5 wait for the (long) batch delay.
    await().until(() -> delivered.size() == 2);
    assertThat(delivered).allSatisfy(b -> assertThat(b.getSpansCount()).isEqualTo(10));
    assertThat(delivered.peek().getProcess()).isEqualTo(FRONTEND);
    reporter.close();
    assertThat(deliveredOperations()).hasSize(25).startsWith("op-0", "op-1").endsWith("op-24");
    assertThat(counter("jaeger.agent.reporter.spans.submitted", "format", "jaeger")).isEqualTo(25);
  }

  @Test
  void batchDelay_sendsAPartialBatch() {
    reporter =
        BatchingReporter.builder()
            .sender(sender)
            .registry(registry)
            .maxBatchSpans(100)
            .batchDelay(Duration.ofMillis(50))
            .build();
    reporter.start();

    reporter.accept(spans(0, 3));

    await().until(() -> delivered.size() == 1);
    assertThat(delivered.peek().getSpansCount()).isEqualTo(3);
  }

  @Test
  void collectorDown_retriesUntilItAcceptsAndDropsWhatDoesNotFit() {
    collectorDown.set(true);
    long spanSize = EncodedSpan.of(spans(0, 1).get(0)).cost();
    reporter =
        BatchingReporter.builder()
            .sender(sender)
            .registry(registry)
            .maxBatchSpans(5)
            .batchDelay(Duration.ZERO)
            .bufferMaxBytes(spanSize * 10)
            .backoff(Duration.ofMillis(5), Duration.ofMillis(20))
            .build();
    reporter.start();

    reporter.accept(spans(0, 10));
    await().until(() -> attempts.get() >= 3);
    reporter.accept(spans(10, 4)); // the buffer is full: these are dropped

    assertThat(counter("spanflow.agent.reporter.spans.dropped", "reason", "buffer_full"))
        .isEqualTo(4);
    assertThat(counter("jaeger.agent.reporter.batches.failures", "format", "jaeger"))
        .isGreaterThanOrEqualTo(3);
    assertThat(delivered).isEmpty();

    collectorDown.set(false);

    await().until(() -> deliveredOperations().size() == 10);
    assertThat(deliveredOperations()).startsWith("op-0").endsWith("op-9");
  }

  @Test
  void close_flushesWhatIsBuffered() {
    reporter =
        BatchingReporter.builder()
            .sender(sender)
            .registry(registry)
            .maxBatchSpans(1000)
            .batchDelay(Duration.ofMinutes(1))
            .build();
    reporter.start();
    reporter.accept(spans(0, 7));

    reporter.close();

    assertThat(deliveredOperations()).hasSize(7);
  }

  @Test
  void close_givesUpAfterFlushTimeoutAndCountsTheLoss() {
    collectorDown.set(true);
    reporter =
        BatchingReporter.builder()
            .sender(sender)
            .registry(registry)
            .batchDelay(Duration.ZERO)
            .backoff(Duration.ofMillis(5), Duration.ofMillis(10))
            .flushTimeout(Duration.ofMillis(200))
            .build();
    reporter.start();
    reporter.accept(spans(0, 6));

    reporter.close();

    assertThat(delivered).isEmpty();
    assertThat(counter("spanflow.agent.reporter.spans.dropped", "reason", "shutdown")).isEqualTo(6);
  }

  @Test
  void severalSenders_aSlowBatchDoesNotHoldUpTheNext() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    reporter =
        BatchingReporter.builder()
            .sender(
                batch -> {
                  if (calls.incrementAndGet() == 1) {
                    release.await(); // the first batch hangs in flight
                  }
                  delivered.add(PostSpansRequest.parseFrom(batch.requestBytes()).getBatch());
                })
            .registry(registry)
            .senders(2)
            .maxBatchSpans(10)
            .batchDelay(Duration.ZERO)
            .build();
    reporter.start();

    reporter.accept(spans(0, 10));
    await().until(() -> calls.get() == 1);
    reporter.accept(spans(10, 10));

    await().until(() -> delivered.size() == 1);
    assertThat(deliveredOperations()).startsWith("op-10").hasSize(10);
    release.countDown();
    await().until(() -> deliveredOperations().size() == 20);
  }

  @Test
  void encodedBatch_isTheSameRequestTheGeneratedCodeWouldWrite() throws Exception {
    List<Span> shared = spans(0, 3);
    Span other =
        shared.get(0).toBuilder()
            .setProcess(Process.newBuilder().setServiceName("backend").build())
            .build();

    EncodedBatch uniform = EncodedBatch.of(shared.stream().map(EncodedSpan::of).toList());
    EncodedBatch mixed =
        EncodedBatch.of(List.of(EncodedSpan.of(shared.get(0)), EncodedSpan.of(other)));

    assertThat(PostSpansRequest.parseFrom(uniform.requestBytes()))
        .isEqualTo(
            PostSpansRequest.newBuilder()
                .setBatch(Batch.newBuilder().addAllSpans(shared).setProcess(FRONTEND))
                .build());
    assertThat(uniform.spanCount()).isEqualTo(3);
    Batch parsed = PostSpansRequest.parseFrom(mixed.requestBytes()).getBatch();
    assertThat(parsed.hasProcess()).isFalse();
    assertThat(parsed.getSpansList())
        .extracting(sp -> sp.getProcess().getServiceName())
        .containsExactly("frontend", "backend");
  }
}
