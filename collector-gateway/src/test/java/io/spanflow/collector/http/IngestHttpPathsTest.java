package io.spanflow.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.collector.ingest.SpanIntake;
import io.spanflow.collector.kafka.SpanPublisher;
import io.spanflow.collector.metrics.CollectorMetrics;
import io.spanflow.collector.zipkin.ZipkinHttpHandler;
import io.spanflow.proto.jaeger.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP reply paths (202 only after the ack, 400, 413, 429, 503) through a real Jetty listener,
 * with Kafka's MockProducer standing in for the broker so acks can be held back.
 */
class IngestHttpPathsTest {
  static final String SPAN =
      "{\"traceId\":\"%s\",\"id\":\"%s\",\"name\":\"get\",\"timestamp\":1700000000000000,"
          + "\"duration\":1000,\"localEndpoint\":{\"serviceName\":\"web\"}}";

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  final HttpClient client = HttpClient.newHttpClient();
  SpanPublisher publisher;
  IngestHttpServer server;

  @BeforeEach
  void start() {
    CollectorMetrics metrics = new CollectorMetrics(registry);
    publisher =
        SpanPublisher.builder()
            .topic("spans")
            .deadLetterTopic("dlq")
            .maxInFlightSpans(3)
            .metrics(metrics)
            .reachabilityProbe(null, null)
            .producerFactory(c -> producer)
            .build();
    publisher.start();
    ZipkinHttpHandler zipkin = new ZipkinHttpHandler(new SpanIntake(publisher, metrics), 4096);
    server =
        IngestHttpServer.builder("zipkin-test")
            .listen("127.0.0.1", 0)
            .maxRequestBytes(4096)
            .drainTimeout(Duration.ofSeconds(5))
            .route(HandlerType.POST, "/api/v2/spans", IngestHttpServer.async(zipkin::postV2))
            .build();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    publisher.close();
  }

  CompletableFuture<HttpResponse<String>> post(String body) {
    return client.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v2/spans"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String spans(String... json) {
    return "[" + String.join(",", json) + "]";
  }

  @Test
  void replies202OnlyAfterKafkaAcked() throws Exception {
    CompletableFuture<HttpResponse<String>> reply =
        post(spans(SPAN.formatted("0000000000000001", "0000000000000001")));

    Awaitility.await().until(() -> producer.history().size() == 1);
    assertThat(reply).isNotDone();
    producer.completeNext();

    assertThat(reply.get().statusCode()).isEqualTo(202);
  }

  @Test
  void batchWithOneCorruptSpanSavesTheOthersAndDeadLettersIt() throws Exception {
    String bad = SPAN.formatted("0000000000000002", "not-hex!");
    CompletableFuture<HttpResponse<String>> reply =
        post(
            spans(
                SPAN.formatted("0000000000000002", "0000000000000001"),
                bad,
                SPAN.formatted("0000000000000002", "0000000000000003")));

    Awaitility.await().until(() -> producer.history().size() == 3);
    producer.flush();
    assertThat(reply.get().statusCode()).isEqualTo(202);

    assertThat(producer.history())
        .filteredOn(r -> r.topic().equals("spans"))
        .extracting(r -> Span.parseFrom(r.value()).getOperationName())
        .containsExactly("get", "get");
    ProducerRecord<String, byte[]> letter =
        producer.history().stream().filter(r -> r.topic().equals("dlq")).findFirst().orElseThrow();
    assertThat(new String(letter.value(), StandardCharsets.UTF_8)).contains("not-hex!");
    assertThat(
            new String(
                letter.headers().lastHeader(SpanPublisher.HEADER_REASON).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("invalid_span");
    assertThat(
            registry
                .get("jaeger_collector_spans_rejected")
                .tags("format", "zipkin", "reason", "invalid_span")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("jaeger_collector_spans_received")
                .tags("format", "zipkin", "transport", "http")
                .counter()
                .count())
        .isEqualTo(3.0);
  }

  @Test
  void malformedBodyIs400NamingTheProblem() throws Exception {
    HttpResponse<String> reply = post("[{\"traceId\": ").get();

    assertThat(reply.statusCode()).isEqualTo(400);
    assertThat(reply.body()).contains("not valid JSON");
    Awaitility.await().until(() -> producer.history().size() == 1);
    assertThat(producer.history().get(0).topic()).isEqualTo("dlq");
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    HttpResponse<String> reply = post("[" + " ".repeat(5000) + "]").get();

    assertThat(reply.statusCode()).isEqualTo(413);
  }

  @Test
  void overTheInFlightBoundIs429() throws Exception {
    CompletableFuture<HttpResponse<String>> first =
        post(
            spans(
                SPAN.formatted("0000000000000003", "0000000000000001"),
                SPAN.formatted("0000000000000003", "0000000000000002"),
                SPAN.formatted("0000000000000003", "0000000000000003")));
    Awaitility.await().until(() -> producer.history().size() == 3);

    HttpResponse<String> second =
        post(spans(SPAN.formatted("0000000000000004", "0000000000000001"))).get();

    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.headers().firstValue("Retry-After")).isPresent();
    producer.flush();
    assertThat(first.get().statusCode()).isEqualTo(202);
  }

  @Test
  void close_finishesInFlightRequestsAndRefusesNewOnes() throws Exception {
    CompletableFuture<HttpResponse<String>> inFlight =
        post(spans(SPAN.formatted("0000000000000006", "0000000000000001")));
    Awaitility.await().until(() -> producer.history().size() == 1);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    Awaitility.await().until(() -> !server.check().healthy());
    HttpResponse<String> late =
        post(spans(SPAN.formatted("0000000000000007", "0000000000000001"))).get();
    assertThat(late.statusCode()).isEqualTo(503);
    assertThat(closing).isNotDone();

    producer.completeNext();
    assertThat(inFlight.get().statusCode()).isEqualTo(202);
    closing.get();
  }

  @Test
  void brokerErrorIs503() throws Exception {
    CompletableFuture<HttpResponse<String>> reply =
        post(spans(SPAN.formatted("0000000000000005", "0000000000000001")));
    Awaitility.await().until(() -> producer.history().size() == 1);

    producer.errorNext(new NotEnoughReplicasException("not enough replicas"));

    assertThat(reply.get().statusCode()).isEqualTo(503);
    assertThat(reply.get().body()).contains("not enough replicas");
  }
}
