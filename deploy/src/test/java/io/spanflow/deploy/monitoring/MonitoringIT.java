package io.spanflow.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jaegertracing.Configuration;
import io.jaegertracing.Configuration.ReporterConfiguration;
import io.jaegertracing.Configuration.SamplerConfiguration;
import io.jaegertracing.Configuration.SenderConfiguration;
import io.jaegertracing.internal.JaegerTracer;
import io.spanflow.allinone.AllInOne;
import io.spanflow.deploy.RepositoryFiles;
import io.spanflow.deploy.components.SpanflowComponent;
import io.spanflow.schemas.es.IndexedSpanRecords;
import io.spanflow.schemas.kafka.Topics;
import io.spanflow.testsupport.FreePorts;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts every component (the all-in-one, on free ports), makes each of them do the things the
 * alerts watch for — spans over UDP and HTTP, a malformed packet and body, a record the processor
 * cannot decode, one the sink must dead-letter, one Elasticsearch refuses for a while — and then
 * scrapes every admin port. Fails if an alert rule or a dashboard panel names a metric that no
 * component exposes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String BLOCKED_INDEX = "jaeger-span-2001-01-02";

  @TempDir static Path data;
  private static AllInOne allInOne;
  private static final Map<String, Integer> ports = new HashMap<>();
  private static final Map<SpanflowComponent, Integer> adminPorts =
      new EnumMap<>(SpanflowComponent.class);

  @BeforeAll
  static void startEverything() throws Exception {
    for (String name :
        List.of(
            "query",
            "collector-grpc",
            "collector-http",
            "zipkin",
            "otlp-grpc",
            "otlp-http",
            "agent-compact",
            "agent-binary",
            "agent-zipkin",
            "agent-sampling")) {
      ports.put(name, FreePorts.next());
    }
    for (SpanflowComponent c : SpanflowComponent.values()) {
      adminPorts.put(c, FreePorts.next());
    }
    allInOne =
        AllInOne.builder()
            .dataDir(data)
            .kafkaPort(0)
            .esPort(0)
            .esHeap("256m")
            .partitions(1)
            .installShutdownHook(false)
            .componentArgs("stream-processor", admin(SpanflowComponent.STREAM_PROCESSOR))
            .componentArgs("es-sink", admin(SpanflowComponent.ES_SINK))
            .componentArgs(
                "query-api",
                admin(SpanflowComponent.QUERY_API),
                "--query.http-server.host-port=127.0.0.1:" + ports.get("query"))
            .componentArgs(
                "collector-gateway",
                admin(SpanflowComponent.COLLECTOR_GATEWAY),
                "--collector.grpc-server.host-port=127.0.0.1:" + ports.get("collector-grpc"),
                "--collector.http-server.host-port=127.0.0.1:" + ports.get("collector-http"),
                "--collector.zipkin.host-port=127.0.0.1:" + ports.get("zipkin"),
                "--collector.otlp.grpc.host-port=127.0.0.1:" + ports.get("otlp-grpc"),
                "--collector.otlp.http.host-port=127.0.0.1:" + ports.get("otlp-http"))
            .componentArgs(
                "edge-agent",
                admin(SpanflowComponent.EDGE_AGENT),
                "--reporter.grpc.host-port=127.0.0.1:" + ports.get("collector-grpc"),
                "--processor.jaeger-compact.server-host-port=127.0.0.1:"
                    + ports.get("agent-compact"),
                "--processor.jaeger-binary.server-host-port=127.0.0.1:" + ports.get("agent-binary"),
                "--processor.zipkin-compact.server-host-port=127.0.0.1:"
                    + ports.get("agent-zipkin"),
                "--http-server.host-port=127.0.0.1:" + ports.get("agent-sampling"),
                "--agent.shutdown-grace-period=0s")
            .build();
    allInOne.application().start();
    for (SpanflowComponent c : SpanflowComponent.values()) {
      await("admin / of " + c.id())
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> get(adminPorts.get(c), "/").statusCode() == 200);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (allInOne == null) {
      return;
    }
    try {
      // Let the sink finish the document it kept retrying, so it shuts down without a backlog.
      put(
          allInOne.elasticsearchUrl() + "/" + BLOCKED_INDEX + "/_settings",
          "{\"index.blocks.write\":false}");
    } finally {
      allInOne.application().close();
    }
  }

  @Test
  @Order(2)
  void everyMetricThatTheRulesAndTheDashboardNameIsExposed() throws Exception {
    provokeEverySignal();
    Map<String, Set<String>> wanted =
        MetricCoverage.named(
            RepositoryFiles.resolve("deploy/prometheus/spanflow-rules.yml"),
            RepositoryFiles.resolve("deploy/grafana/spanflow-dashboard.json"));
    assertThat(wanted).as("metrics read from the rules and the dashboard").hasSizeGreaterThan(15);

    await("every metric named by a rule or a panel")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(MetricCoverage.missing(wanted, exposedMetricNames()))
                    .as("named by a rule or a panel, exposed by no component")
                    .isEmpty());
  }

  @Test
  @Order(1) // before the sink is made to retry against a blocked index
  void everyAdminPortAnswersHealthyAndTheImageHealthProbeAgrees() throws Exception {
    Path probe = RepositoryFiles.resolve("deploy/docker/healthcheck");
    for (SpanflowComponent c : SpanflowComponent.values()) {
      int port = adminPorts.get(c);
      HttpResponse<String> health = get(port, "/");
      assertThat(health.statusCode()).as(c.id() + " " + health.body()).isEqualTo(200);
      assertThat(get(port, "/metrics").body()).as(c.id()).contains("jvm_memory_used_bytes");
      assertThat(runProbe(probe, port)).as("healthcheck script on " + c.id()).isZero();
    }
    assertThat(runProbe(probe, FreePorts.next())).as("healthcheck on a closed port").isNotZero();
  }

  /** Makes every component register what it only registers on first use. */
  private static void provokeEverySignal() throws Exception {
    // The agent: spans from a real client over UDP (reporter batches), and a malformed packet.
    JaegerTracer tracer =
        new Configuration("monitoring-it")
            .withSampler(new SamplerConfiguration().withType("const").withParam(1))
            .withReporter(
                new ReporterConfiguration()
                    .withFlushInterval(100)
                    .withSender(
                        new SenderConfiguration()
                            .withAgentHost("127.0.0.1")
                            .withAgentPort(ports.get("agent-compact"))))
            .getTracer();
    tracer.buildSpan("checkout").start().finish();
    tracer.close();
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      byte[] garbage = "definitely not thrift".getBytes(StandardCharsets.US_ASCII);
      socket.send(
          new DatagramPacket(
              garbage,
              garbage.length,
              InetAddress.getLoopbackAddress(),
              ports.get("agent-compact")));
    }

    // The collector: a good Zipkin span, and a body it must refuse and dead-letter.
    long nowMicros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    assertThat(
            postZipkin(
                    """
                    [{"traceId":"5af7183fb1d4cf5f","id":"5af7183fb1d4cf5f","name":"get /cart",
                      "kind":"SERVER","timestamp":%d,"duration":1500,
                      "localEndpoint":{"serviceName":"monitoring-it"}}]"""
                        .formatted(nowMicros))
                .statusCode())
        .isEqualTo(202);
    assertThat(postZipkin("this is not json").statusCode()).isEqualTo(400);

    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      // The processor: a record that does not decode goes to its DLQ.
      producer.send(
          new ProducerRecord<>(
              Topics.JAEGER_SPANS, bytes("garbage"), new byte[] {(byte) 0xff, 0x01, 0x02}));
      // The sink: a span document without a key cannot get an id, so it is dead-lettered.
      producer.send(new ProducerRecord<>(Topics.SPANS_INDEXED, null, bytes("{\"traceID\":\"1\"}")));
      producer.flush();
    }
    await("the sink's dead letter")
        .atMost(Duration.ofSeconds(60))
        .until(() -> exposedMetricNames().contains("spanflow_sink_dlq_total"));

    // The sink again: Elasticsearch refuses writes to a blocked index, and the sink retries.
    String es = allInOne.elasticsearchUrl();
    assertThat(put(es + "/" + BLOCKED_INDEX, "{}").statusCode()).isEqualTo(200);
    assertThat(
            put(es + "/" + BLOCKED_INDEX + "/_settings", "{\"index.blocks.write\":true}")
                .statusCode())
        .isEqualTo(200);
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      ProducerRecord<byte[], byte[]> blocked =
          new ProducerRecord<>(
              Topics.SPANS_INDEXED,
              bytes("monitoring-it-blocked"),
              bytes(
                  "{\"traceID\":\"5af7183fb1d4cf5f\",\"spanID\":\"5af7183fb1d4cf5f\","
                      + "\"operationName\":\"blocked\",\"startTime\":978393600000000,"
                      + "\"startTimeMillis\":978393600000,\"duration\":1,"
                      + "\"process\":{\"serviceName\":\"monitoring-it\"}}"));
      blocked.headers().add(IndexedSpanRecords.INDEX_HEADER, bytes(BLOCKED_INDEX));
      producer.send(blocked);
      producer.flush();
    }
  }

  /** Every sample name on every component's /metrics. */
  private static Set<String> exposedMetricNames() throws Exception {
    List<String> scrapes = new ArrayList<>();
    for (int port : adminPorts.values()) {
      scrapes.add(get(port, "/metrics").body());
    }
    return MetricCoverage.exposed(scrapes);
  }

  private static int runProbe(Path probe, int port) throws Exception {
    Process p =
        new ProcessBuilder("bash", probe.toString(), String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("probe finished").isTrue();
    return p.exitValue();
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            allInOne.kafkaBootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static HttpResponse<String> postZipkin(String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ports.get("zipkin") + "/api/v2/spans"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> put(String url, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String admin(SpanflowComponent c) {
    return "--admin.http.host-port=127.0.0.1:" + adminPorts.get(c);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
