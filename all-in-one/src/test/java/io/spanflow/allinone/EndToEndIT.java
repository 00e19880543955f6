package io.spanflow.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.thrift.internal.senders.UdpSender;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentracing.tag.Tags;
import io.spanflow.schemas.kafka.Topics;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import zipkin2.Endpoint;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.SpanBytesEncoder;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * End to end through every component of the all-in-one, with the clients users run: jaeger-client
 * over UDP compact thrift to the agent, the OTel SDK's OTLP gRPC exporter and Zipkin's reporter
 * (JSON v2) to the collector. Each trace must come back whole from the query API, its service edge
 * must appear in {@code /api/dependencies}, and its calls and errors in the service performance
 * API. A malformed batch must leave its good span searchable and its bad one in the dead-letter
 * topic with a reason.
 */
@ExtendWith(RunningAllInOne.class)
class EndToEndIT {
  private static final ObjectMapper json = new ObjectMapper();
  private static final Duration PIPELINE = Duration.ofSeconds(120);

  @Test
  void jaegerClientOverUdpThroughTheAgent(RunningAllInOne spanflow) throws Exception {
    JaegerTracer web = udpTracer(spanflow, "e2e-udp-web");
    JaegerTracer api = udpTracer(spanflow, "e2e-udp-api");
    JaegerSpan root =
        web.buildSpan("GET /home").withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_SERVER).start();
    JaegerSpan call =
        web.buildSpan("GET /items")
            .asChildOf(root)
            .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_CLIENT)
            .start();
    JaegerSpan handler =
        api.buildSpan("GET /items")
            .asChildOf(call)
            .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_SERVER)
            .withTag(Tags.ERROR.getKey(), true)
            .withTag("http.status_code", 503)
            .start();
    handler.log(Map.of("event", "error", "message", "items store unavailable"));
    handler.finish();
    call.finish();
    root.finish();
    web.close();
    api.close();
    String traceId = root.context().getTraceId();

    JsonNode trace = awaitTrace(spanflow, traceId, 3);
    assertThat(operations(trace)).containsExactly("GET /home", "GET /items", "GET /items");
    assertThat(services(trace)).containsExactly("e2e-udp-api", "e2e-udp-web");
    assertThat(trace.toString()).contains("items store unavailable");

    awaitEdge(spanflow, "e2e-udp-web", "e2e-udp-api");
    awaitServerMetric(spanflow, "calls", "e2e-udp-api");
    awaitServerMetric(spanflow, "errors", "e2e-udp-api");
  }

  @Test
  void otelSdkOverOtlpGrpc(RunningAllInOne spanflow) throws Exception {
    SdkTracerProvider gateway = otlpProvider(spanflow, "e2e-otlp-gateway");
    SdkTracerProvider orders = otlpProvider(spanflow, "e2e-otlp-orders");
    Tracer gatewayTracer = gateway.get("e2e");
    Tracer ordersTracer = orders.get("e2e");
    io.opentelemetry.api.trace.Span root =
        gatewayTracer.spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER).startSpan();
    io.opentelemetry.api.trace.Span call =
        gatewayTracer
            .spanBuilder("orders.Create")
            .setSpanKind(SpanKind.CLIENT)
            .setParent(Context.root().with(root))
            .startSpan();
    io.opentelemetry.api.trace.Span handler =
        ordersTracer
            .spanBuilder("orders.Create")
            .setSpanKind(SpanKind.SERVER)
            .setParent(Context.root().with(call))
            .startSpan();
    handler.setStatus(StatusCode.ERROR, "out of stock");
    handler.end();
    call.end();
    root.end();
    for (SdkTracerProvider provider : List.of(orders, gateway)) {
      assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
      provider.shutdown().join(30, TimeUnit.SECONDS);
    }
    String traceId = root.getSpanContext().getTraceId();

    JsonNode trace = awaitTrace(spanflow, traceId, 3);
    assertThat(operations(trace)).containsExactly("POST /orders", "orders.Create", "orders.Create");
    assertThat(services(trace)).containsExactly("e2e-otlp-gateway", "e2e-otlp-orders");
    assertThat(trace.toString()).contains("otel.status_code").contains("out of stock");

    awaitEdge(spanflow, "e2e-otlp-gateway", "e2e-otlp-orders");
    awaitServerMetric(spanflow, "calls", "e2e-otlp-orders");
    awaitServerMetric(spanflow, "errors", "e2e-otlp-orders");
  }

  @Test
  void zipkinReporterJsonV2WithASharedSpan(RunningAllInOne spanflow) throws Exception {
    String traceId = UUID.randomUUID().toString().replace("-", "");
    long now = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    Endpoint web = Endpoint.newBuilder().serviceName("e2e-zipkin-web").build();
    Endpoint db = Endpoint.newBuilder().serviceName("e2e-zipkin-db").build();
    zipkin2.Span root =
        zipkin2.Span.newBuilder()
            .traceId(traceId)
            .id("00000000000000a1")
            .name("get /report")
            .kind(zipkin2.Span.Kind.SERVER)
            .localEndpoint(web)
            .timestamp(now)
            .duration(5_000)
            .build();
    // Zipkin's B3 habit: the client and server halves of one call share a span id.
    zipkin2.Span.Builder shared =
        zipkin2.Span.newBuilder()
            .traceId(traceId)
            .parentId("00000000000000a1")
            .id("00000000000000b2")
            .name("select report");
    zipkin2.Span client =
        shared
            .clone()
            .kind(zipkin2.Span.Kind.CLIENT)
            .localEndpoint(web)
            .remoteEndpoint(db)
            .timestamp(now + 100)
            .duration(3_000)
            .build();
    zipkin2.Span server =
        shared
            .clone()
            .kind(zipkin2.Span.Kind.SERVER)
            .localEndpoint(db)
            .shared(true)
            .timestamp(now + 200)
            .duration(2_500)
            .putTag("error", "deadlock detected")
            .build();
    URLConnectionSender sender =
        URLConnectionSender.newBuilder()
            .endpoint("http://127.0.0.1:" + spanflow.port("zipkin") + "/api/v2/spans")
            .encoding(Encoding.JSON)
            .build();
    try (AsyncReporter<zipkin2.Span> reporter =
        AsyncReporter.builder((BytesMessageSender) sender).build(SpanBytesEncoder.JSON_V2)) {
      reporter.report(root);
      reporter.report(client);
      reporter.report(server);
      reporter.flush();
    }
    sender.close();

    JsonNode trace = awaitTrace(spanflow, traceId, 3);
    assertThat(operations(trace)).containsExactly("get /report", "select report", "select report");
    assertThat(services(trace)).containsExactly("e2e-zipkin-db", "e2e-zipkin-web");
    // The shared halves come back as two spans with distinct ids.
    Set<String> spanIds = new TreeSet<>();
    trace.path("spans").forEach(s -> spanIds.add(s.path("spanID").asText()));
    assertThat(spanIds).hasSize(3);

    awaitEdge(spanflow, "e2e-zipkin-web", "e2e-zipkin-db");
    awaitServerMetric(spanflow, "calls", "e2e-zipkin-db");
    awaitServerMetric(spanflow, "errors", "e2e-zipkin-db");
  }

  @Test
  void aMalformedBatchKeepsItsGoodSpanAndDeadLettersTheBadOne(RunningAllInOne spanflow)
      throws Exception {
    ByteString traceId = ByteString.copyFrom(randomBytes(16));
    long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    io.opentelemetry.proto.trace.v1.Span good =
        io.opentelemetry.proto.trace.v1.Span.newBuilder()
            .setTraceId(traceId)
            .setSpanId(ByteString.copyFrom(randomBytes(8)))
            .setName("e2e-good-span")
            .setStartTimeUnixNano(now)
            .setEndTimeUnixNano(now + 1_000_000)
            .build();
    io.opentelemetry.proto.trace.v1.Span bad =
        good.toBuilder().setTraceId(ByteString.EMPTY).setName("e2e-bad-span").build();
    ExportTraceServiceRequest batch =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(
                                KeyValue.newBuilder()
                                    .setKey("service.name")
                                    .setValue(AnyValue.newBuilder().setStringValue("e2e-dlq"))))
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(good).addSpans(bad)))
            .build();
    HttpResponse<String> reply =
        spanflow.post("otlp-http", "/v1/traces", "application/x-protobuf", batch.toByteArray());
    assertThat(reply.statusCode()).isEqualTo(200);

    String hex = java.util.HexFormat.of().formatHex(traceId.toByteArray());
    JsonNode trace = awaitTrace(spanflow, hex, 1);
    assertThat(operations(trace)).containsExactly("e2e-good-span");

    try (KafkaConsumer<byte[], byte[]> dlq = deadLetterConsumer(spanflow)) {
      List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                dlq.poll(Duration.ofMillis(200)).forEach(letters::add);
                assertThat(letters)
                    .anySatisfy(
                        letter -> {
                          assertThat(header(letter, "spanflow.dlq.reason"))
                              .isEqualTo("invalid_trace_id");
                          assertThat(header(letter, "spanflow.dlq.detail"))
                              .contains("e2e-bad-span");
                        });
              });
    }
  }

  private static JaegerTracer udpTracer(RunningAllInOne spanflow, String service) throws Exception {
    UdpSender sender = new UdpSender("127.0.0.1", spanflow.port("agent-compact"), 0);
    return new JaegerTracer.Builder(service)
        .withReporter(new RemoteReporter.Builder().withSender(sender).withFlushInterval(50).build())
        .withSampler(new ConstSampler(true))
        .withTraceId128Bit()
        .build();
  }

  private static SdkTracerProvider otlpProvider(RunningAllInOne spanflow, String service) {
    return SdkTracerProvider.builder()
        .setResource(
            io.opentelemetry.sdk.resources.Resource.getDefault().toBuilder()
                .put("service.name", service)
                .build())
        .addSpanProcessor(
            SimpleSpanProcessor.create(
                OtlpGrpcSpanExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + spanflow.port("otlp-grpc"))
                    .build()))
        .build();
  }

  /** The trace from {@code /api/traces/{id}} once it holds {@code spans} spans. */
  private static JsonNode awaitTrace(RunningAllInOne spanflow, String traceId, int spans) {
    JsonNode[] found = new JsonNode[1];
    await()
        .atMost(PIPELINE)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              HttpResponse<String> reply = spanflow.get("query", "/api/traces/" + traceId);
              assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
              JsonNode trace = json.readTree(reply.body()).path("data").path(0);
              assertThat(trace.path("spans")).hasSize(spans);
              found[0] = trace;
            });
    return found[0];
  }

  private static List<String> operations(JsonNode trace) {
    List<String> names = new ArrayList<>();
    trace.path("spans").forEach(s -> names.add(s.path("operationName").asText()));
    names.sort(null);
    return names;
  }

  private static Set<String> services(JsonNode trace) {
    Set<String> names = new TreeSet<>();
    trace.path("processes").forEach(p -> names.add(p.path("serviceName").asText()));
    return names;
  }

  private static void awaitEdge(RunningAllInOne spanflow, String parent, String child) {
    await()
        .atMost(PIPELINE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              long endTs = System.currentTimeMillis() + 60_000;
              JsonNode links =
                  json.readTree(
                          spanflow
                              .get(
                                  "query", "/api/dependencies?endTs=" + endTs + "&lookback=3600000")
                              .body())
                      .path("data");
              assertThat(links)
                  .anySatisfy(
                      link -> {
                        assertThat(link.path("parent").asText()).isEqualTo(parent);
                        assertThat(link.path("child").asText()).isEqualTo(child);
                        assertThat(link.path("callCount").asLong()).isEqualTo(1);
                      });
            });
  }

  /** A positive point in the service's server-span {@code calls} or {@code errors} series. */
  private static void awaitServerMetric(RunningAllInOne spanflow, String kind, String service) {
    await()
        .atMost(PIPELINE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              long endTs = System.currentTimeMillis() + 60_000;
              JsonNode family =
                  json.readTree(
                          spanflow
                              .get(
                                  "query",
                                  "/api/metrics/"
                                      + kind
                                      + "?service="
                                      + service
                                      + "&endTs="
                                      + endTs
                                      + "&lookback=900000&step=60000&ratePer=60000")
                              .body())
                      .path("metrics");
              List<Double> values = new ArrayList<>();
              family.forEach(
                  series ->
                      series
                          .path("metricPoints")
                          .forEach(
                              p ->
                                  values.add(p.path("gaugeValue").path("doubleValue").asDouble())));
              assertThat(values)
                  .as(kind + " of " + service)
                  .anySatisfy(v -> assertThat(v).isPositive());
            });
  }

  private static KafkaConsumer<byte[], byte[]> deadLetterConsumer(RunningAllInOne spanflow) {
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                spanflow.kafkaBootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    consumer
        .partitionsFor(Topics.SPANS_DLQ)
        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new java.security.SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
