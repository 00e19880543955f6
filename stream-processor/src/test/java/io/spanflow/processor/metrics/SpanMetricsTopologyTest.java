package io.spanflow.processor.metrics;

import static io.spanflow.processor.testing.TestSpans.span;
import static io.spanflow.processor.testing.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spanflow.processor.index.IndexHeader;
import io.spanflow.processor.testing.TopologyHarness;
import io.spanflow.processor.validate.DlqHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpanMetricsTopologyTest {

  @TempDir Path stateDir;
  TopologyHarness h;

  @BeforeEach
  void start() {
    h = new TopologyHarness(stateDir, b -> b.metricsGrace(Duration.ofMinutes(5)));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void callsErrorsAndPercentiles_perMinuteBucket() {
    // 100 calls in the 12:00 minute: 1..100 ms, every 10th an error
    for (int i = 1; i <= 100; i++) {
      var s =
          span(i, 1)
              .service("api")
              .operation("GET /")
              .kind("server")
              .start(T0.plusMillis(i * 100L))
              .durationMicros(i * 1000L);
      if (i % 10 == 0) {
        s.tag("otel.status_code", "ERROR");
      }
      h.send(s.build(), T0.plusMillis(i * 100L));
    }
    JsonNode m = last(h.readJson(h.spanMetrics));
    assertThat(m.path("serviceName").asText()).isEqualTo("api");
    assertThat(m.path("operationName").asText()).isEqualTo("GET /");
    assertThat(m.path("spanKind").asText()).isEqualTo("server");
    assertThat(m.path("bucketStart").asText()).isEqualTo("2026-11-21T12:00:00Z");
    assertThat(m.path("callCount").asLong()).isEqualTo(100);
    assertThat(m.path("errorCount").asLong()).isEqualTo(10);
    assertThat(m.path("durationSumMicros").asLong()).isEqualTo(5050 * 1000L);
    assertThat(m.path("durationMinMicros").asLong()).isEqualTo(1000);
    assertThat(m.path("durationMaxMicros").asLong()).isEqualTo(100_000);
    // the histogram's resolution is 19%: percentiles land within that of the truth
    assertThat(m.path("p50Micros").asLong()).isBetween(50_000L * 81 / 100, 50_000L * 119 / 100);
    assertThat(m.path("p95Micros").asLong()).isBetween(95_000L * 81 / 100, 100_000L);
    assertThat(m.path("p99Micros").asLong()).isBetween(99_000L * 81 / 100, 100_000L);
    long histogramTotal = 0;
    for (JsonNode c : m.path("latencyCounts")) {
      histogramTotal += c.asLong();
    }
    assertThat(histogramTotal).isEqualTo(100);
    assertThat(m.path("latencyCounts").size()).isEqualTo(m.path("latencyBoundsMicros").size() + 1);
  }

  @Test
  void spansInDifferentMinutes_countInTheirOwnBucket_byStartTime() {
    h.send(span(1, 1).service("api").start(T0.plusSeconds(10)).build(), T0.plusSeconds(10));
    h.send(span(2, 1).service("api").start(T0.plusSeconds(70)).build(), T0.plusSeconds(70));
    h.send(span(3, 1).service("api").start(T0.plusSeconds(75)).build(), T0.plusSeconds(80));
    // started in the first minute, arrived in the third: still counts in the first
    h.send(span(4, 1).service("api").start(T0.plusSeconds(50)).build(), T0.plusSeconds(130));

    Map<String, Long> calls = new LinkedHashMap<>();
    for (JsonNode m : h.readJson(h.spanMetrics)) {
      calls.put(m.path("bucketStart").asText(), m.path("callCount").asLong());
    }
    assertThat(calls)
        .containsOnly(Map.entry("2026-11-21T12:00:00Z", 2L), Map.entry("2026-11-21T12:01:00Z", 2L));
  }

  @Test
  void spanLaterThanTheGrace_isNotCountedInAClosedBucket() {
    h.send(span(1, 1).service("api").start(T0).build(), T0);
    h.send(
        span(2, 1).service("api").start(T0.plusSeconds(20 * 60)).build(), T0.plusSeconds(20 * 60));
    h.spanMetrics.readValuesToList();
    h.send(span(3, 1).service("api").start(T0.plusSeconds(5)).build(), T0.plusSeconds(20 * 60));
    assertThat(h.spanMetrics.isEmpty()).isTrue();
  }

  @Test
  void seriesAreSeparatedByServiceOperationAndKind() {
    h.send(span(1, 1).service("api").operation("a").kind("server").start(T0).build(), T0);
    h.send(span(1, 2).service("api").operation("a").kind("client").start(T0).build(), T0);
    h.send(span(1, 3).service("api").operation("b").kind("server").start(T0).build(), T0);
    h.send(span(1, 4).service("web").operation("a").kind("server").start(T0).build(), T0);
    List<TestRecord<String, String>> records = h.spanMetrics.readRecordsToList();
    assertThat(records).hasSize(4);
    assertThat(records).extracting(TestRecord::key).doesNotHaveDuplicates();
    assertThat(DlqHeaders.text(records.get(0).headers(), IndexHeader.NAME))
        .isEqualTo("spanflow-span-metrics-2026-11-21");
    JsonNode key = TopologyHarness.json(records.get(0).key());
    assertThat(key.path("bucketStart").asText()).isEqualTo("2026-11-21T12:00:00Z");
  }

  private static JsonNode last(List<JsonNode> nodes) {
    assertThat(nodes).isNotEmpty();
    return nodes.get(nodes.size() - 1);
  }
}
