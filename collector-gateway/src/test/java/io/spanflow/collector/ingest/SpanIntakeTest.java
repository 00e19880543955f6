package io.spanflow.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.collector.TestSpans;
import io.spanflow.collector.kafka.SpanPublisher;
import io.spanflow.collector.metrics.CollectorMetrics;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpanIntakeTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private SpanPublisher publisher;

  private SpanIntake intake(SpanPublisher.Builder builder) {
    CollectorMetrics metrics = new CollectorMetrics(registry);
    publisher =
        builder
            .topic("spans")
            .deadLetterTopic("dlq")
            .metrics(metrics)
            .reachabilityProbe(null, null)
            .producerFactory(config -> producer)
            .build();
    publisher.start();
    return new SpanIntake(publisher, metrics);
  }

  @AfterEach
  void close() {
    if (publisher != null) {
      publisher.close();
    }
  }

  static Span withBigTag(Span span, int bytes) {
    return span.toBuilder()
        .addTags(
            KeyValue.newBuilder()
                .setKey("payload")
                .setVType(ValueType.STRING)
                .setVStr("x".repeat(bytes)))
        .build();
  }

  @Test
  void accept_rejectsAnOversizeSpanAloneAndSavesItsNeighbours() throws Exception {
    SpanIntake intake = intake(SpanPublisher.builder().maxSpanBytes(1000));
    Span before = TestSpans.span("web", 7, 1);
    Span big = withBigTag(TestSpans.span("web", 7, 2), 2000);
    Span after = TestSpans.span("web", 7, 3);

    CompletableFuture<IngestReceipt> receipt =
        intake.accept(Source.JAEGER_HTTP, DecodedSpans.of(List.of(before, big, after)), 0);

    assertThat(receipt.get().accepted()).isEqualTo(2);
    assertThat(receipt.get().rejected()).isEqualTo(1);
    assertThat(receipt.get().firstRejection()).contains("0000000000000002", "span size limit");
    assertThat(producer.history())
        .filteredOn(r -> r.topic().equals("spans"))
        .extracting(r -> Span.parseFrom(r.value()))
        .containsExactly(before, after);
    ProducerRecord<String, byte[]> letter =
        producer.history().stream().filter(r -> r.topic().equals("dlq")).findFirst().orElseThrow();
    assertThat(Span.parseFrom(letter.value())).isEqualTo(big);
    assertThat(header(letter, SpanPublisher.HEADER_REASON)).isEqualTo("span_too_large");
    assertThat(header(letter, SpanPublisher.HEADER_FORMAT)).isEqualTo("jaeger");
    assertThat(header(letter, SpanPublisher.HEADER_DETAIL)).contains("over the span size limit");
    assertThat(
            registry
                .get("jaeger_collector_spans_rejected")
                .tags("format", "jaeger", "transport", "http", "reason", "span_too_large")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("jaeger_collector_spans_received")
                .tags("format", "jaeger", "transport", "http")
                .counter()
                .count())
        .isEqualTo(3.0);
  }

  @Test
  void accept_keepsConversionRejectionsNextToSizeRejections() throws Exception {
    SpanIntake intake = intake(SpanPublisher.builder().maxSpanBytes(1000));
    DecodedSpans decoded =
        new DecodedSpans(
            List.of(withBigTag(TestSpans.span("web", 8, 1), 2000), TestSpans.span("web", 8, 2)),
            List.of(new DecodedSpans.Rejection("invalid_span", "no trace id", new byte[] {1})));

    IngestReceipt receipt = intake.accept(Source.ZIPKIN_HTTP, decoded, 0).get();

    assertThat(receipt.accepted()).isEqualTo(1);
    assertThat(receipt.rejected()).isEqualTo(2);
    assertThat(producer.history())
        .filteredOn(r -> r.topic().equals("dlq"))
        .extracting(r -> header(r, SpanPublisher.HEADER_REASON))
        .containsExactlyInAnyOrder("invalid_span", "span_too_large");
  }

  @Test
  void spanLimit_isCappedSoThatASpanFitsOneProducerRequest() {
    intake(
        SpanPublisher.builder()
            .maxSpanBytes(5_000_000)
            .producerConfig(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 100_000)));

    assertThat(publisher.maxSpanBytes()).isLessThan(100_000).isGreaterThan(99_000);
  }

  static String header(ProducerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
