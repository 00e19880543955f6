package io.spanflow.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.spanflow.collector.kafka.SpanPublisher;
import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.CollectorServiceGrpc;
import io.spanflow.proto.jaeger.PostSpansRequest;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.runtime.Application;
import io.spanflow.runtime.config.BindResult;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.runtime.metrics.Metrics;
import io.spanflow.schemas.ids.TraceIds;
import io.spanflow.schemas.thrift.JaegerThriftEncoder;
import io.spanflow.schemas.thrift.ThriftProtocol;
import io.spanflow.testsupport.KafkaTestTopics;
import io.spanflow.testsupport.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesEncoder;

/**
 * A span over {@code --collector.max-span-size} in the middle of a batch, on every protocol path:
 * the span goes alone to the dead-letter topic (reason {@code span_too_large}, its protobuf as
 * payload) while its two neighbours are saved on the span topic, and the request succeeds as for
 * any other per-span reject. Only a body over the body/message limit is refused as a whole.
 */
class OversizeSpanIT {
  static final int SPAN_LIMIT = 20_000;
  static final int BIG_TAG = 30_000;
  static final int BODY_LIMIT = 200_000;

  static String topic;
  static String dlq;
  static CollectorGateway gateway;
  static Application app;
  static SpanTopicReader spans;
  static SpanTopicReader deadLetters;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    String bootstrap = SharedKafka.bootstrapServers();
    topic = KafkaTestTopics.unique("jaeger-spans");
    dlq = KafkaTestTopics.unique("spanflow.spans.dlq");
    KafkaTestTopics.create(bootstrap, topic, dlq);
    BindResult<CollectorGatewayOptions> bound =
        ConfigBinder.bind(
            "spanflow-collector-gateway",
            new CollectorGatewayOptions(),
            new String[] {
              "--kafka.producer.brokers=" + bootstrap,
              "--kafka.producer.topic=" + topic,
              "--kafka.producer.dead-letter-topic=" + dlq,
              "--collector.max-span-size=" + SPAN_LIMIT,
              "--collector.http-server.max-body-size=" + BODY_LIMIT,
              "--collector.grpc-server.max-message-size=" + BODY_LIMIT,
              "--collector.grpc-server.host-port=127.0.0.1:0",
              "--collector.http-server.host-port=127.0.0.1:0",
              "--collector.zipkin.host-port=127.0.0.1:0",
              "--collector.otlp.grpc.host-port=127.0.0.1:0",
              "--collector.otlp.http.host-port=127.0.0.1:0"
            },
            Map.of());
    assertThat(bound.shouldExit()).as(bound.error()).isFalse();
    PrometheusMeterRegistry registry = Metrics.newPrometheusRegistry();
    gateway = CollectorGateway.build(bound.options(), registry);
    Application.Builder builder = Application.builder("oversize-it").installShutdownHook(false);
    gateway.components().forEach(builder::component);
    app = builder.build();
    app.start();
    spans = new SpanTopicReader(bootstrap, topic);
    deadLetters = new SpanTopicReader(bootstrap, dlq);
  }

  @AfterAll
  static void stop() {
    if (spans != null) {
      spans.close();
      deadLetters.close();
    }
    if (app != null) {
      app.close();
    }
  }

  /** A fresh 128-bit trace id and the three span ids: small, big (the middle one), small. */
  record Trace(long high, long low) {
    static Trace fresh() {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      return new Trace(r.nextLong() | 1, r.nextLong() | 1);
    }

    ByteString id() {
      return TraceIds.traceId(high, low);
    }

    String hex() {
      return TraceIds.toHex(id());
    }
  }

  static final long SMALL_1 = 0x11, BIG = 0x22, SMALL_2 = 0x33;

  /** The neighbours are on the span topic, the big span alone in the dead-letter topic. */
  static void assertNeighboursSavedAndBigSpanDeadLettered(Trace trace, String format) {
    List<Span> saved = spans.awaitSpans(s -> s.getTraceId().equals(trace.id()), 2);
    assertThat(saved)
        .extracting(s -> TraceIds.spanIdToHex(s.getSpanId()))
        .containsExactlyInAnyOrder(
            TraceIds.spanIdToHex(TraceIds.spanId(SMALL_1)),
            TraceIds.spanIdToHex(TraceIds.spanId(SMALL_2)));
    List<ConsumerRecord<String, byte[]>> letters =
        deadLetters.awaitRecords(
            r ->
                "span_too_large".equals(header(r, SpanPublisher.HEADER_REASON))
                    && SpanTopicReader.parse(r.value()).getTraceId().equals(trace.id()),
            1);
    assertThat(letters).hasSize(1);
    ConsumerRecord<String, byte[]> letter = letters.get(0);
    Span big = SpanTopicReader.parse(letter.value());
    assertThat(big.getSpanId()).isEqualTo(TraceIds.spanId(BIG));
    assertThat(big.getSerializedSize()).isGreaterThan(SPAN_LIMIT);
    assertThat(header(letter, SpanPublisher.HEADER_FORMAT)).isEqualTo(format);
    assertThat(header(letter, SpanPublisher.HEADER_DETAIL))
        .contains(TraceIds.spanIdToHex(TraceIds.spanId(BIG)), "span size limit of " + SPAN_LIMIT);
  }

  static String header(ConsumerRecord<String, byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  static Batch jaegerBatch(Trace trace) {
    Batch.Builder batch =
        Batch.newBuilder().setProcess(Process.newBuilder().setServiceName("oversize-jaeger"));
    for (long id : new long[] {SMALL_1, BIG, SMALL_2}) {
      Span.Builder span =
          TestSpans.span("ignored", 0, id).toBuilder().clearProcess().setTraceId(trace.id());
      if (id == BIG) {
        span.addTags(
            io.spanflow.proto.jaeger.KeyValue.newBuilder()
                .setKey("payload")
                .setVType(ValueType.STRING)
                .setVStr("x".repeat(BIG_TAG)));
      }
      batch.addSpans(span);
    }
    return batch.build();
  }

  static HttpResponse<byte[]> post(int port, String path, String contentType, byte[] body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void jaegerThriftHttp_bigSpanRejectedAloneNeighboursSaved() throws Exception {
    Trace trace = Trace.fresh();
    byte[] body = JaegerThriftEncoder.encodeBatch(jaegerBatch(trace), ThriftProtocol.BINARY);

    HttpResponse<byte[]> reply =
        post(gateway.jaegerHttpPort(), "/api/traces", "application/x-thrift", body);

    assertThat(reply.statusCode()).isEqualTo(202);
    assertNeighboursSavedAndBigSpanDeadLettered(trace, "jaeger");
  }

  @Test
  void jaegerGrpcPostSpans_bigSpanRejectedAloneNeighboursSaved() throws Exception {
    Trace trace = Trace.fresh();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", gateway.jaegerGrpcPort())
            .usePlaintext()
            .build();
    try {
      // Returns normally (OK): PostSpans has no partial-success field.
      CollectorServiceGrpc.newBlockingStub(channel)
          .postSpans(PostSpansRequest.newBuilder().setBatch(jaegerBatch(trace)).build());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    assertNeighboursSavedAndBigSpanDeadLettered(trace, "jaeger");
  }

  @Test
  void zipkinJsonV2_bigSpanRejectedAloneNeighboursSaved() throws Exception {
    Trace trace = Trace.fresh();
    byte[] body = SpanBytesEncoder.JSON_V2.encodeList(zipkinSpans(trace));

    HttpResponse<byte[]> reply =
        post(gateway.zipkinPort(), "/api/v2/spans", "application/json", body);

    assertThat(reply.statusCode()).isEqualTo(202);
    assertNeighboursSavedAndBigSpanDeadLettered(trace, "zipkin");
  }

  @Test
  void zipkinProto3_bigSpanRejectedAloneNeighboursSaved() throws Exception {
    Trace trace = Trace.fresh();
    byte[] body = SpanBytesEncoder.PROTO3.encodeList(zipkinSpans(trace));

    HttpResponse<byte[]> reply =
        post(gateway.zipkinPort(), "/api/v2/spans", "application/x-protobuf", body);

    assertThat(reply.statusCode()).isEqualTo(202);
    assertNeighboursSavedAndBigSpanDeadLettered(trace, "zipkin");
  }

  static List<zipkin2.Span> zipkinSpans(Trace trace) {
    return List.of(zipkinSpan(trace, SMALL_1), zipkinSpan(trace, BIG), zipkinSpan(trace, SMALL_2));
  }

  static zipkin2.Span zipkinSpan(Trace trace, long id) {
    zipkin2.Span.Builder b =
        zipkin2.Span.newBuilder()
            .traceId(trace.hex())
            .id(id)
            .name("op")
            .timestamp(1_700_000_000_000_000L)
            .duration(10)
            .localEndpoint(Endpoint.newBuilder().serviceName("oversize-zipkin").build());
    if (id == BIG) {
      b.putTag("payload", "x".repeat(BIG_TAG));
    }
    return b.build();
  }

  static ExportTraceServiceRequest otlpRequest(Trace trace) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (long id : new long[] {SMALL_1, BIG, SMALL_2}) {
      io.opentelemetry.proto.trace.v1.Span.Builder span =
          io.opentelemetry.proto.trace.v1.Span.newBuilder()
              .setTraceId(trace.id())
              .setSpanId(TraceIds.spanId(id))
              .setName("op")
              .setStartTimeUnixNano(1_700_000_000_000_000_000L)
              .setEndTimeUnixNano(1_700_000_000_001_000_000L);
      if (id == BIG) {
        span.addAttributes(
            KeyValue.newBuilder()
                .setKey("payload")
                .setValue(AnyValue.newBuilder().setStringValue("x".repeat(BIG_TAG))));
      }
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("oversize-otlp"))))
                .addScopeSpans(scope))
        .build();
  }

  @Test
  void otlpHttp_bigSpanRejectedAloneNeighboursSaved_partialSuccess() throws Exception {
    Trace trace = Trace.fresh();

    HttpResponse<byte[]> reply =
        post(
            gateway.otlpHttpPort(),
            "/v1/traces",
            "application/x-protobuf",
            otlpRequest(trace).toByteArray());

    assertThat(reply.statusCode()).isEqualTo(200);
    ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(reply.body());
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage()).contains("span size limit");
    assertNeighboursSavedAndBigSpanDeadLettered(trace, "otlp");
  }

  @Test
  void otlpGrpc_bigSpanRejectedAloneNeighboursSaved_partialSuccess() throws Exception {
    Trace trace = Trace.fresh();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", gateway.otlpGrpcPort())
            .usePlaintext()
            .build();
    ExportTraceServiceResponse response;
    try {
      response = TraceServiceGrpc.newBlockingStub(channel).export(otlpRequest(trace));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertNeighboursSavedAndBigSpanDeadLettered(trace, "otlp");
  }

  @Test
  void bodyOverTheBodyLimitIsStill413() throws Exception {
    Trace trace = Trace.fresh();
    Batch.Builder batch = jaegerBatch(trace).toBuilder();
    // Many spans, each under the span limit, together over the body limit.
    for (int i = 0; i < 20; i++) {
      batch.addSpans(
          batch.getSpans(0).toBuilder()
              .setSpanId(TraceIds.spanId(0x100 + i))
              .addTags(
                  io.spanflow.proto.jaeger.KeyValue.newBuilder()
                      .setKey("payload")
                      .setVType(ValueType.STRING)
                      .setVStr("y".repeat(SPAN_LIMIT / 2))));
    }
    byte[] body = JaegerThriftEncoder.encodeBatch(batch.build(), ThriftProtocol.BINARY);
    assertThat(body.length).isGreaterThan(BODY_LIMIT);

    HttpResponse<byte[]> reply =
        post(gateway.jaegerHttpPort(), "/api/traces", "application/x-thrift", body);

    assertThat(reply.statusCode()).isEqualTo(413);
  }
}
