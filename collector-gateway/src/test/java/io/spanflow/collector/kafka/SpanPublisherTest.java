package io.spanflow.collector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.collector.TestSpans;
import io.spanflow.collector.ingest.IngestException;
import io.spanflow.collector.ingest.Source;
import io.spanflow.collector.metrics.CollectorMetrics;
import io.spanflow.proto.jaeger.Span;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpanPublisherTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private SpanPublisher publisher;

  private SpanPublisher start(SpanPublisher.Builder builder) {
    publisher =
        builder
            .metrics(new CollectorMetrics(registry))
            .reachabilityProbe(null, null)
            .producerFactory(config -> producer)
            .build();
    publisher.start();
    return publisher;
  }

  @AfterEach
  void close() {
    if (publisher != null) {
      publisher.close();
    }
  }

  @Test
  void publish_completesOnlyAfterEverySpanIsAcked() throws Exception {
    start(SpanPublisher.builder().topic("spans"));
    Span a = TestSpans.span("frontend", 0xabcL, 1);
    Span b = TestSpans.span("backend", 0xabcL, 2);

    CompletableFuture<Void> done = publisher.publish(Source.JAEGER_GRPC, List.of(a, b), 0);

    assertThat(producer.history()).hasSize(2);
    assertThat(done).isNotDone();
    producer.completeNext();
    assertThat(done).isNotDone();
    producer.completeNext();
    assertThat(done).isCompleted();

    ProducerRecord<String, byte[]> first = producer.history().get(0);
    assertThat(first.topic()).isEqualTo("spans");
    assertThat(first.key()).isEqualTo("0000000000000abc");
    assertThat(Span.parseFrom(first.value())).isEqualTo(a);
    assertThat(Span.parseFrom(first.value()).getProcess().getServiceName()).isEqualTo("frontend");
    assertThat(
            registry
                .get("jaeger_collector_spans_saved_by_svc")
                .tags("svc", "backend", "result", "ok")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("spanflow_collector_spans_saved")
                .tags("format", "jaeger", "transport", "grpc", "result", "ok")
                .counter()
                .count())
        .isEqualTo(2.0);
  }

  @Test
  void publish_refusesWithOverloadedWhenInFlightBudgetIsFull() {
    start(SpanPublisher.builder().maxInFlightSpans(2));
    publisher.publish(
        Source.ZIPKIN_HTTP,
        List.of(TestSpans.span("s", 1, 1), TestSpans.span("s", 1, 2)),
        System.nanoTime());

    CompletableFuture<Void> refused =
        publisher.publish(Source.ZIPKIN_HTTP, List.of(TestSpans.span("s", 1, 3)), 0);

    assertThatThrownBy(refused::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> assertThat(e.kind()).isEqualTo(IngestException.Kind.OVERLOADED));
    assertThat(producer.history()).hasSize(2);

    // Once acknowledged, the room is back.
    producer.completeNext();
    producer.completeNext();
    assertThat(publisher.inFlightSpans()).isZero();
    assertThat(publisher.publish(Source.ZIPKIN_HTTP, List.of(TestSpans.span("s", 1, 3)), 0))
        .isNotCompletedExceptionally();
  }

  @Test
  void publish_failsWithUnavailableWhenTheBrokerDoesNotAck() {
    start(SpanPublisher.builder());
    CompletableFuture<Void> done =
        publisher.publish(
            Source.OTLP_GRPC, List.of(TestSpans.span("s", 1, 1), TestSpans.span("s", 1, 2)), 0);

    producer.completeNext();
    producer.errorNext(new TimeoutException("Expiring 1 record(s)"));

    assertThatThrownBy(done::get)
        .cause()
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(IngestException.Kind.UNAVAILABLE);
              assertThat(e.kind().httpStatus()).isEqualTo(503);
            });
    assertThat(publisher.inFlightSpans()).isZero();
    assertThat(
            registry
                .get("spanflow_collector_spans_saved")
                .tags("format", "otlp", "transport", "grpc", "result", "err")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("spanflow_collector_spans_saved")
                .tags("format", "otlp", "transport", "grpc", "result", "ok")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void publish_refusesASpanOverTheSizeLimitWithTooLarge() {
    start(SpanPublisher.builder().maxSpanBytes(64));
    Span big = TestSpans.span("s", 1, 1).toBuilder().setOperationName("x".repeat(200)).build();

    assertThatThrownBy(() -> publisher.publish(Source.JAEGER_HTTP, List.of(big), 0).get())
        .cause()
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.kind().httpStatus()).isEqualTo(413);
              assertThat(e.getMessage()).contains("span size limit of 64");
            });
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void deadLetter_writesPayloadWithReasonHeaders() {
    start(SpanPublisher.builder().deadLetterTopic("dlq"));
    byte[] payload = "{bad".getBytes(StandardCharsets.UTF_8);

    publisher.deadLetter(
        List.of(new DeadLetter(Source.ZIPKIN_HTTP, "malformed_json", "not JSON", payload)));

    ProducerRecord<String, byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo("dlq");
    assertThat(record.value()).isEqualTo(payload);
    assertThat(header(record, SpanPublisher.HEADER_REASON)).isEqualTo("malformed_json");
    assertThat(header(record, SpanPublisher.HEADER_DETAIL)).isEqualTo("not JSON");
    assertThat(header(record, SpanPublisher.HEADER_FORMAT)).isEqualTo("zipkin");
    assertThat(header(record, SpanPublisher.HEADER_TRANSPORT)).isEqualTo("http");
  }

  @Test
  void close_flushesAndThenRefuses() {
    start(SpanPublisher.builder());
    publisher.close();

    assertThat(producer.flushed()).isTrue();
    assertThat(producer.closed()).isTrue();
    assertThat(publisher.check().healthy()).isFalse();
    assertThatThrownBy(
            () ->
                publisher.publish(Source.JAEGER_GRPC, List.of(TestSpans.span("s", 1, 1)), 0).get())
        .cause()
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> assertThat(e.kind()).isEqualTo(IngestException.Kind.UNAVAILABLE));
  }

  static String header(ProducerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
