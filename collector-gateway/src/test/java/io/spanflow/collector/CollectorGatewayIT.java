package io.spanflow.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.thrift.internal.senders.HttpSender;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.CollectorServiceGrpc;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.PostSpansRequest;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.SamplingManagerGrpc;
import io.spanflow.proto.jaeger.SamplingStrategyParameters;
import io.spanflow.proto.jaeger.SamplingStrategyResponse;
import io.spanflow.proto.jaeger.SamplingStrategyType;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.runtime.Application;
import io.spanflow.runtime.admin.AdminServer;
import io.spanflow.runtime.config.BindResult;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.runtime.metrics.Metrics;
import io.spanflow.schemas.fixtures.TestTraces;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zipkin2.Endpoint;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.SpanBytesEncoder;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * The whole collector against the real broker, fed by the real clients of each protocol; every test
 * reads {@code jaeger-spans} back and checks what survived.
 */
class CollectorGatewayIT {
  @TempDir static Path dir;

  static String bootstrap;
  static String topic;
  static String dlq;
  static CollectorGateway gateway;
  static Application app;
  static SpanTopicReader spans;
  static SpanTopicReader deadLetters;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    bootstrap = SharedKafka.bootstrapServers();
    topic = KafkaTestTopics.unique("jaeger-spans");
    dlq = KafkaTestTopics.unique("spanflow.spans.dlq");
    KafkaTestTopics.create(bootstrap, topic, dlq);
    Path strategies =
        Files.writeString(
            dir.resolve("strategies.json"),
            """
            {"default_strategy": {"type": "probabilistic", "param": 0.5},
             "service_strategies": [{"service": "checkout", "type": "ratelimiting", "param": 7}]}
            """);
    BindResult<CollectorGatewayOptions> bound =
        ConfigBinder.bind(
            "spanflow-collector-gateway",
            new CollectorGatewayOptions(),
            new String[] {
              "--kafka.producer.brokers=" + bootstrap,
              "--kafka.producer.topic=" + topic,
              "--kafka.producer.dead-letter-topic=" + dlq,
              "--collector.grpc-server.host-port=127.0.0.1:0",
              "--collector.http-server.host-port=127.0.0.1:0",
              "--collector.zipkin.host-port=127.0.0.1:0",
              "--collector.otlp.grpc.host-port=127.0.0.1:0",
              "--collector.otlp.http.host-port=127.0.0.1:0",
              "--admin.http.host-port=127.0.0.1:0",
              "--sampling.strategies-file=" + strategies
            },
            Map.of());
    assertThat(bound.shouldExit()).as(bound.error()).isFalse();
    PrometheusMeterRegistry registry = Metrics.newPrometheusRegistry();
    gateway = CollectorGateway.build(bound.options(), registry);
    Application.Builder builder =
        Application.builder("collector-it")
            .installShutdownHook(false)
            .admin(AdminServer.builder().hostPort("127.0.0.1:0").registry(registry).build());
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

  static Optional<String> tag(Span span, String key) {
    return span.getTagsList().stream()
        .filter(t -> t.getKey().equals(key))
        .findFirst()
        .map(CollectorGatewayIT::value);
  }

  static String value(KeyValue kv) {
    return switch (kv.getVType()) {
      case STRING -> kv.getVStr();
      case BOOL -> Boolean.toString(kv.getVBool());
      case INT64 -> Long.toString(kv.getVInt64());
      case FLOAT64 -> Double.toString(kv.getVFloat64());
      case BINARY -> kv.getVBinary().toStringUtf8();
      default -> kv.toString();
    };
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void jaegerClientHttpSender_thriftOverHttp() throws Exception {
    String service = unique("jaeger-java");
    HttpSender sender =
        new HttpSender.Builder("http://127.0.0.1:" + gateway.jaegerHttpPort() + "/api/traces")
            .build();
    JaegerTracer tracer =
        new JaegerTracer.Builder(service)
            .withReporter(new RemoteReporter.Builder().withSender(sender).build())
            .withSampler(new ConstSampler(true))
            .withTag("hostname", "host-1")
            .build();
    io.opentracing.Span parent = tracer.buildSpan("parent").start();
    io.opentracing.Span child =
        tracer
            .buildSpan("child")
            .asChildOf(parent)
            .withTag("http.status_code", 201)
            .withTag("error", true)
            .withTag("ratio", 0.25)
            .start();
    child.log(Map.of("event", "retry", "attempt", 2));
    child.finish();
    parent.finish();
    tracer.close();

    List<Span> got = spans.awaitSpans(s -> s.getProcess().getServiceName().equals(service), 2);
    Span c =
        got.stream().filter(s -> s.getOperationName().equals("child")).findFirst().orElseThrow();
    Span p =
        got.stream().filter(s -> s.getOperationName().equals("parent")).findFirst().orElseThrow();
    assertThat(c.getTraceId()).isEqualTo(p.getTraceId());
    assertThat(c.getReferencesList())
        .anySatisfy(
            r -> {
              assertThat(r.getRefType()).isEqualTo(SpanRefType.CHILD_OF);
              assertThat(r.getSpanId()).isEqualTo(p.getSpanId());
            });
    assertThat(tag(c, "http.status_code")).contains("201");
    assertThat(tag(c, "error")).contains("true");
    assertThat(tag(c, "ratio")).contains("0.25");
    assertThat(c.getLogsList()).hasSize(1);
    assertThat(c.getLogs(0).getFieldsList())
        .extracting(KeyValue::getKey)
        .contains("event", "attempt");
    assertThat(c.getProcess().getTagsList()).extracting(KeyValue::getKey).contains("hostname");
    assertThat(c.getDuration().getSeconds() * 1_000_000_000L + c.getDuration().getNanos())
        .isGreaterThanOrEqualTo(0);
    assertThat(c.getFlags() & 1).isEqualTo(1);
  }

  @Test
  void npmJaegerClientHttpSender_withoutFormatParameter() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        NpmJaegerClient.available(), "node and npm are not installed");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        NpmJaegerClient.install(), () -> "npm install failed: " + logOf());
    String service = unique("jaeger-node");

    NpmJaegerClient.reportTwoSpans(
        "http://127.0.0.1:" + gateway.jaegerHttpPort() + "/api/traces", service);

    List<Span> got = spans.awaitSpans(s -> s.getProcess().getServiceName().equals(service), 2);
    Span parent =
        got.stream()
            .filter(s -> s.getOperationName().equals("node-parent"))
            .findFirst()
            .orElseThrow();
    Span child =
        got.stream()
            .filter(s -> s.getOperationName().equals("node-child"))
            .findFirst()
            .orElseThrow();
    assertThat(child.getTraceId()).isEqualTo(parent.getTraceId());
    // The Node client sends the parent as parentSpanId with no references.
    assertThat(child.getReferencesList())
        .anySatisfy(r -> assertThat(r.getSpanId()).isEqualTo(parent.getSpanId()));
    // JavaScript numbers travel as thrift doubles.
    assertThat(tag(child, "http.status_code")).contains("200.0");
    assertThat(child.getLogsList()).hasSize(1);
    assertThat(child.getProcess().getTagsList()).extracting(KeyValue::getKey).contains("node.test");
  }

  static String logOf() {
    try {
      return NpmJaegerClient.log();
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  @Test
  void grpcPostSpans_andSamplingOverGrpc() throws Exception {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", gateway.jaegerGrpcPort())
            .usePlaintext()
            .build();
    try {
      String service = unique("grpc-agent");
      Span span = TestSpans.span("ignored", 0xfeedL, 42).toBuilder().clearProcess().build();
      CollectorServiceGrpc.newBlockingStub(channel)
          .postSpans(
              PostSpansRequest.newBuilder()
                  .setBatch(
                      Batch.newBuilder()
                          .addSpans(span)
                          .setProcess(Process.newBuilder().setServiceName(service)))
                  .build());
      // Replied only after the ack: the span must already be readable.
      List<ConsumerRecord<String, byte[]>> records =
          spans.awaitRecords(
              r -> SpanTopicReader.parse(r.value()).getProcess().getServiceName().equals(service),
              1);
      assertThat(records.get(0).key()).isEqualTo("000000000000feed");
      assertThat(SpanTopicReader.parse(records.get(0).value()).getProcess().getServiceName())
          .isEqualTo(service);

      SamplingStrategyResponse checkout =
          SamplingManagerGrpc.newBlockingStub(channel)
              .getSamplingStrategy(
                  SamplingStrategyParameters.newBuilder().setServiceName("checkout").build());
      assertThat(checkout.getStrategyType()).isEqualTo(SamplingStrategyType.RATE_LIMITING);
      assertThat(checkout.getRateLimitingSampling().getMaxTracesPerSecond()).isEqualTo(7);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** The all-types fixture under a fresh trace id, so each test finds only its own spans. */
  static List<Span> allTypesTraceWithFreshId() {
    com.google.protobuf.ByteString fresh =
        TraceIds.traceId(UUID.randomUUID().getMostSignificantBits(), System.nanoTime());
    List<Span> out = new ArrayList<>();
    for (Span span : TestTraces.allTypesTrace()) {
      Span.Builder b = span.toBuilder().setTraceId(fresh);
      for (int i = 0; i < b.getReferencesCount(); i++) {
        if (b.getReferences(i).getTraceId().equals(TestTraces.ALL_TYPES_TRACE_ID)) {
          b.setReferences(i, b.getReferences(i).toBuilder().setTraceId(fresh));
        }
      }
      out.add(b.build());
    }
    return out;
  }

  static Batch batchOf(List<Span> spans) {
    Batch.Builder batch = Batch.newBuilder().setProcess(spans.get(0).getProcess());
    spans.forEach(s -> batch.addSpans(s.toBuilder().clearProcess()));
    return batch.build();
  }

  @Test
  void golden_allTypesFixtureSurvivesGrpcPostSpansUnchanged() throws Exception {
    List<Span> expected = allTypesTraceWithFreshId();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", gateway.jaegerGrpcPort())
            .usePlaintext()
            .build();
    try {
      CollectorServiceGrpc.newBlockingStub(channel)
          .postSpans(PostSpansRequest.newBuilder().setBatch(batchOf(expected)).build());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    List<Span> got =
        spans.awaitSpans(s -> s.getTraceId().equals(expected.get(0).getTraceId()), expected.size());
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void golden_allTypesFixtureSurvivesThriftOverHttpUnchanged() throws Exception {
    List<Span> expected = allTypesTraceWithFreshId();
    byte[] body = JaegerThriftEncoder.encodeBatch(batchOf(expected), ThriftProtocol.BINARY);
    HttpResponse<String> reply =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.jaegerHttpPort() + "/api/traces"))
                .header("Content-Type", "application/x-thrift")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).isEqualTo(202);
    List<Span> got =
        spans.awaitSpans(s -> s.getTraceId().equals(expected.get(0).getTraceId()), expected.size());
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void samplingOverHttp_inJaegersJsonShape() throws Exception {
    HttpResponse<String> other =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + gateway.jaegerHttpPort() + "/api/sampling?service=x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.body())
        .isEqualTo(
            "{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":0.5}}");

    HttpResponse<String> missing =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.jaegerHttpPort() + "/api/sampling"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(400);
  }

  @Test
  void zipkinReporter_jsonV2AndProto3_keepSharedSpanHalvesApart() throws Exception {
    for (Encoding encoding : List.of(Encoding.JSON, Encoding.PROTO3)) {
      // Zipkin lower-cases service and span names.
      String client = unique("zipkin-client-" + encoding).toLowerCase(java.util.Locale.ROOT);
      String server = unique("zipkin-server-" + encoding).toLowerCase(java.util.Locale.ROOT);
      String traceId = UUID.randomUUID().toString().replace("-", "");
      URLConnectionSender sender =
          URLConnectionSender.newBuilder()
              .endpoint("http://127.0.0.1:" + gateway.zipkinPort() + "/api/v2/spans")
              .encoding(encoding)
              .build();
      AsyncReporter<zipkin2.Span> reporter =
          AsyncReporter.builder(sender)
              .build(
                  encoding == Encoding.JSON ? SpanBytesEncoder.JSON_V2 : SpanBytesEncoder.PROTO3);
      zipkin2.Span.Builder base =
          zipkin2.Span.newBuilder()
              .traceId(traceId)
              .id("00000000000000a1")
              .name("get /cart")
              .timestamp(1_700_000_000_000_000L)
              .duration(1500);
      reporter.report(
          base.clone()
              .kind(zipkin2.Span.Kind.CLIENT)
              .localEndpoint(Endpoint.newBuilder().serviceName(client).ip("10.0.0.1").build())
              .remoteEndpoint(Endpoint.newBuilder().serviceName(server).build())
              .putTag("http.path", "/cart")
              .addAnnotation(1_700_000_000_000_100L, "wire.send")
              .build());
      reporter.report(
          base.clone()
              .kind(zipkin2.Span.Kind.SERVER)
              .shared(true)
              .localEndpoint(Endpoint.newBuilder().serviceName(server).build())
              .putTag("error", "boom")
              .build());
      reporter.flush();
      reporter.close();
      sender.close();

      List<Span> got = spans.awaitSpans(s -> TraceIds.toHex(s.getTraceId()).equals(traceId), 2);
      assertThat(got)
          .extracting(s -> s.getProcess().getServiceName())
          .containsExactlyInAnyOrder(client, server);
      assertThat(got)
          .extracting(s -> TraceIds.spanIdToHex(s.getSpanId()))
          .containsOnly("00000000000000a1");
      Span c =
          got.stream()
              .filter(s -> s.getProcess().getServiceName().equals(client))
              .findFirst()
              .orElseThrow();
      Span s =
          got.stream()
              .filter(x -> x.getProcess().getServiceName().equals(server))
              .findFirst()
              .orElseThrow();
      assertThat(tag(c, "span.kind")).contains("client");
      assertThat(tag(s, "span.kind")).contains("server");
      assertThat(tag(c, "http.path")).contains("/cart");
      assertThat(tag(c, "peer.service")).contains(server);
      assertThat(tag(s, "error")).contains("true");
      assertThat(c.getOperationName()).isEqualTo("get /cart");
      assertThat(c.getStartTime().getSeconds()).isEqualTo(1_700_000_000L);
      assertThat(c.getDuration().getNanos()).isEqualTo(1_500_000);
      assertThat(c.getLogsList()).hasSize(1);
      assertThat(c.getProcess().getTagsList())
          .extracting(CollectorGatewayIT::value)
          .contains("10.0.0.1");
    }
  }

  @Test
  void otelJaegerGrpcExporter_1_34_1() throws Exception {
    String service = unique("otel-jaeger-grpc");
    IsolatedOtelJaegerExporter.exportTrace("http://127.0.0.1:" + gateway.jaegerGrpcPort(), service);

    List<Span> got = spans.awaitSpans(s -> s.getProcess().getServiceName().equals(service), 2);
    Span parent =
        got.stream()
            .filter(s -> s.getOperationName().equals("jaeger-grpc-parent"))
            .findFirst()
            .orElseThrow();
    Span child =
        got.stream()
            .filter(s -> s.getOperationName().equals("jaeger-grpc-child"))
            .findFirst()
            .orElseThrow();
    assertThat(child.getTraceId()).isEqualTo(parent.getTraceId());
    assertThat(child.getReferencesList())
        .anySatisfy(
            r -> {
              assertThat(r.getRefType()).isEqualTo(SpanRefType.CHILD_OF);
              assertThat(r.getSpanId()).isEqualTo(parent.getSpanId());
            });
    assertThat(tag(parent, "span.kind")).contains("server");
    assertThat(tag(child, "db.system")).contains("postgresql");
    assertThat(tag(child, "error")).contains("true");
    assertThat(child.getLogsList()).hasSize(1);
    assertThat(child.getProcess().getTagsList()).isNotEmpty();
  }

  @Test
  void zipkinV1_jsonAndThrift() throws Exception {
    for (zipkin2.codec.SpanBytesEncoder encoder :
        List.of(zipkin2.codec.SpanBytesEncoder.JSON_V1, zipkin2.codec.SpanBytesEncoder.THRIFT)) {
      String service = unique("zipkin-v1-" + encoder).toLowerCase(java.util.Locale.ROOT);
      String traceId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      zipkin2.Span span =
          zipkin2.Span.newBuilder()
              .traceId(traceId)
              .id("00000000000000b1")
              .name("v1-op")
              .kind(zipkin2.Span.Kind.SERVER)
              .timestamp(1_700_000_000_000_000L)
              .duration(250)
              .localEndpoint(Endpoint.newBuilder().serviceName(service).ip("10.0.0.2").build())
              .putTag("component", "legacy")
              .build();
      byte[] body = encoder.encodeList(List.of(span));
      HttpResponse<String> reply =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + gateway.zipkinPort() + "/api/v1/spans"))
                  .header(
                      "Content-Type",
                      encoder == zipkin2.codec.SpanBytesEncoder.THRIFT
                          ? "application/x-thrift"
                          : "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);

      Span got = spans.awaitSpans(s -> s.getProcess().getServiceName().equals(service), 1).get(0);
      assertThat(TraceIds.toHex(got.getTraceId())).isEqualTo(traceId);
      assertThat(got.getOperationName()).isEqualTo("v1-op");
      assertThat(tag(got, "span.kind")).contains("server");
      assertThat(tag(got, "component")).contains("legacy");
      assertThat(got.getDuration().getNanos()).isEqualTo(250_000);
    }
  }

  @Test
  void otelZipkinExporter() throws Exception {
    String service = unique("otel-zipkin").toLowerCase(java.util.Locale.ROOT);
    SpanExporter exporter =
        ZipkinSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + gateway.zipkinPort() + "/api/v2/spans")
            .build();
    exportWithOtel(exporter, service);

    List<Span> got = spans.awaitSpans(s -> s.getProcess().getServiceName().equals(service), 2);
    Span internal =
        got.stream()
            .filter(s -> s.getOperationName().equals("internal-work"))
            .findFirst()
            .orElseThrow();
    Span server =
        got.stream()
            .filter(s -> s.getOperationName().equalsIgnoreCase("GET /items"))
            .findFirst()
            .orElseThrow();
    assertThat(tag(server, "span.kind")).contains("server");
    // OTel's Zipkin exporter sends INTERNAL spans without a kind.
    assertThat(tag(internal, "span.kind")).isEmpty();
    assertThat(tag(server, "http.response.status_code")).contains("200");
    assertThat(internal.getReferencesList())
        .extracting(r -> r.getSpanId())
        .contains(server.getSpanId());
  }

  @Test
  void otlpGrpcExporter() throws Exception {
    String service = unique("otlp-grpc");
    exportWithOtel(
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + gateway.otlpGrpcPort())
            .build(),
        service);
    assertOtlpSpans(service);
  }

  @Test
  void otlpHttpExporter() throws Exception {
    String service = unique("otlp-http");
    exportWithOtel(
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + gateway.otlpHttpPort() + "/v1/traces")
            .build(),
        service);
    assertOtlpSpans(service);
  }

  static void assertOtlpSpans(String service) {
    List<Span> got = spans.awaitSpans(s -> s.getProcess().getServiceName().equals(service), 2);
    Span server =
        got.stream()
            .filter(s -> s.getOperationName().equals("GET /items"))
            .findFirst()
            .orElseThrow();
    Span internal =
        got.stream()
            .filter(s -> s.getOperationName().equals("internal-work"))
            .findFirst()
            .orElseThrow();
    assertThat(tag(server, "span.kind")).contains("server");
    assertThat(tag(server, "http.response.status_code")).contains("200");
    assertThat(tag(internal, "error")).contains("true");
    assertThat(server.getLogsList()).isNotEmpty();
    assertThat(internal.getReferencesList())
        .extracting(r -> r.getSpanId())
        .contains(server.getSpanId());
    assertThat(server.getProcess().getTagsList())
        .extracting(KeyValue::getKey)
        .contains("deployment.environment");
  }

  static void exportWithOtel(SpanExporter exporter, String service) {
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault().toBuilder()
                    .put("service.name", service)
                    .put("deployment.environment", "it")
                    .build())
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    Tracer tracer = provider.get("it");
    io.opentelemetry.api.trace.Span server =
        tracer.spanBuilder("GET /items").setSpanKind(SpanKind.SERVER).startSpan();
    server.setAttribute(AttributeKey.longKey("http.response.status_code"), 200L);
    server.addEvent("cache.miss");
    io.opentelemetry.api.trace.Span internal =
        tracer
            .spanBuilder("internal-work")
            .setParent(io.opentelemetry.context.Context.root().with(server))
            .startSpan();
    internal.setStatus(StatusCode.ERROR, "failed");
    internal.end();
    server.end();
    assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    provider.shutdown().join(30, TimeUnit.SECONDS);
  }

  @Test
  void corruptThriftBodyIs400AndDeadLettered() throws Exception {
    byte[] garbage = "definitely not thrift".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> reply =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.jaegerHttpPort() + "/api/traces"))
                .header("Content-Type", "application/vnd.apache.thrift.binary")
                .POST(HttpRequest.BodyPublishers.ofByteArray(garbage))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(reply.statusCode()).isEqualTo(400);
    assertThat(reply.body()).contains("thrift");
    List<ConsumerRecord<String, byte[]>> letters =
        deadLetters.awaitRecords(r -> java.util.Arrays.equals(r.value(), garbage), 1);
    assertThat(letters.get(0).headers().lastHeader("spanflow.dlq.reason")).isNotNull();
  }

  @Test
  void zipkinBatchWithOneCorruptSpanSavesTheOthers() throws Exception {
    String traceId = UUID.randomUUID().toString().replace("-", "");
    String span =
        "{\"traceId\":\"%s\",\"id\":\"%s\",\"name\":\"op\",\"timestamp\":1700000000000000,"
            + "\"duration\":10,\"localEndpoint\":{\"serviceName\":\"mixed\"}}";
    String body =
        "["
            + span.formatted(traceId, "0000000000000001")
            + ","
            + span.formatted(traceId, "zz-not-an-id")
            + ","
            + span.formatted(traceId, "0000000000000003")
            + "]";
    HttpResponse<String> reply =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.zipkinPort() + "/api/v2/spans"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(reply.statusCode()).isEqualTo(202);
    List<Span> saved = spans.awaitSpans(s -> TraceIds.toHex(s.getTraceId()).equals(traceId), 2);
    assertThat(saved)
        .extracting(s -> TraceIds.spanIdToHex(s.getSpanId()))
        .containsExactlyInAnyOrder("0000000000000001", "0000000000000003");
    deadLetters.awaitRecords(
        r -> new String(r.value(), StandardCharsets.UTF_8).contains("zz-not-an-id"), 1);
  }

  @Test
  void adminReportsHealthAndJaegerMetricNames() throws Exception {
    int adminPort = app.admin().port();
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);

    // Some traffic so every series exists.
    zipkinBatchWithOneCorruptSpanSavesTheOthers();
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    List<String> names = new ArrayList<>();
    metrics.body().lines().filter(l -> !l.startsWith("#")).forEach(names::add);
    assertThat(String.join("\n", names))
        .contains("jaeger_collector_spans_received_total{format=\"zipkin\",transport=\"http\"}")
        .contains(
            "jaeger_collector_spans_rejected_total{format=\"zipkin\",reason=\"invalid_span\",transport=\"http\"}")
        .contains("jaeger_collector_spans_saved_by_svc_total{result=\"ok\",svc=\"mixed\"}")
        .contains(
            "spanflow_collector_spans_saved_total{format=\"zipkin\",result=\"ok\",transport=\"http\"}")
        .contains("jaeger_collector_in_queue_latency_bucket")
        .contains("jaeger_collector_batch_size_bucket")
        .contains("jaeger_collector_queue_length");
  }
}
