package io.spanflow.agent;

import static io.spanflow.agent.SpanAssertions.assertTag;
import static io.spanflow.agent.SpanAssertions.byOperation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import io.spanflow.agent.udp.AgentEndpoint;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.ids.TraceIds;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Node client, npm {@code jaeger-client@3.19.0}, whose UDP sender speaks thrift binary
 * (port 6832). Installed into {@code target/npm} on first run; skipped when node/npm are missing.
 */
class NodeJaegerClientIT {
  private static final Path NPM_PREFIX = Path.of("target", "npm");
  private static final Path SCRIPT = Path.of("src", "test", "resources", "node", "emit-spans.js");

  private TestCollector collector;
  private AgentUnderTest agent;

  @BeforeAll
  static void installClient() throws Exception {
    assumeTrue(runs("node", "--version"), "node is not installed: skipping the Node client test");
    assumeTrue(runs("npm", "--version"), "npm is not installed: skipping the Node client test");
    if (!Files.isDirectory(NPM_PREFIX.resolve("node_modules/jaeger-client"))) {
      Files.createDirectories(NPM_PREFIX);
      Process install =
          new ProcessBuilder(
                  "npm",
                  "install",
                  "--prefix",
                  NPM_PREFIX.toString(),
                  "--no-audit",
                  "--no-fund",
                  "--loglevel=error",
                  "jaeger-client@3.19.0")
              .redirectErrorStream(true)
              .redirectOutput(NPM_PREFIX.resolve("install.log").toFile())
              .start();
      assumeTrue(
          install.waitFor(3, TimeUnit.MINUTES) && install.exitValue() == 0,
          "npm install jaeger-client@3.19.0 failed (offline?): see target/npm/install.log");
    }
  }

  private static boolean runs(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  @BeforeEach
  void start() throws Exception {
    collector = TestCollector.start();
    agent =
        AgentUnderTest.start(
            "--reporter.grpc.host-port=" + collector.hostPort(), "--agent.tags=zone=eu-1");
  }

  @AfterEach
  void stop() throws Exception {
    agent.close();
    collector.close();
  }

  @Test
  void binaryUdpSender_everyFieldArrivesIntact() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            "node", SCRIPT.toString(), String.valueOf(agent.udpPort(AgentEndpoint.JAEGER_BINARY)));
    pb.environment().put("NODE_PATH", NPM_PREFIX.resolve("node_modules").toString());
    File stderr = NPM_PREFIX.resolve("emit-spans.err").toFile();
    Process node = pb.redirectError(stderr).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as("node exit; stderr in %s", stderr).isZero();
    JsonNode ids = new ObjectMapper().readTree(out);
    long t0Micros = TimeUnit.MILLISECONDS.toMicros(ids.get("startMillis").asLong());

    await().atMost(Duration.ofSeconds(20)).until(() -> collector.spans().size() == 3);
    List<Span> spans = collector.spans();

    for (Span span : spans) {
      assertThat(span.getTraceId()).isEqualTo(TraceIds.fromHex(ids.get("traceId").asText()));
      assertThat(span.getFlags()).isEqualTo(1);
      assertThat(span.getProcess().getServiceName()).isEqualTo("node-svc");
      List<KeyValue> processTags = span.getProcess().getTagsList();
      assertTag(processTags, "node.str", ValueType.STRING, "v");
      assertTag(processTags, "node.num", ValueType.FLOAT64, 5.0);
      assertTag(processTags, "node.bool", ValueType.BOOL, true);
      assertTag(processTags, "zone", ValueType.STRING, "eu-1");
      assertThat(processTags).extracting(KeyValue::getKey).contains("jaeger.version", "hostname");
    }

    Span parent = byOperation(spans, "node-parent");
    assertThat(parent.getSpanId()).isEqualTo(TraceIds.spanIdFromHex(ids.get("parent").asText()));
    assertThat(parent.getStartTime()).isEqualTo(Timestamps.fromMicros(t0Micros));
    assertThat(parent.getDuration()).isEqualTo(Durations.fromMillis(10));

    Span child = byOperation(spans, "node-child");
    assertThat(child.getSpanId()).isEqualTo(TraceIds.spanIdFromHex(ids.get("child").asText()));
    assertThat(child.getReferencesList())
        .extracting(SpanRef::getRefType, SpanRef::getSpanId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SpanRefType.CHILD_OF, parent.getSpanId()));
    assertTag(child.getTagsList(), "str", ValueType.STRING, "s");
    assertTag(child.getTagsList(), "bool", ValueType.BOOL, true);
    assertTag(child.getTagsList(), "num", ValueType.FLOAT64, 7.0);
    assertTag(child.getTagsList(), "blob", ValueType.BINARY, new byte[] {1, 2, 3});
    assertThat(child.getLogsList()).hasSize(1);
    assertThat(child.getLogs(0).getTimestamp()).isEqualTo(Timestamps.fromMicros(t0Micros + 2000));
    assertTag(child.getLogs(0).getFieldsList(), "event", ValueType.STRING, "cache-miss");
    assertTag(child.getLogs(0).getFieldsList(), "size", ValueType.FLOAT64, 3.0);

    Span follower = byOperation(spans, "node-follower");
    assertThat(follower.getReferencesList())
        .extracting(SpanRef::getRefType, SpanRef::getSpanId)
        .contains(
            org.assertj.core.groups.Tuple.tuple(SpanRefType.FOLLOWS_FROM, parent.getSpanId()));

    assertThat(
            agent.metric(
                "jaeger_agent_thrift_udp_server_packets_processed_total",
                "model",
                "jaeger",
                "protocol",
                "binary"))
        .isGreaterThanOrEqualTo(1);
  }
}
