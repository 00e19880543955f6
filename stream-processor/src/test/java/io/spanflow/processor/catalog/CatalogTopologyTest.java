package io.spanflow.processor.catalog;

import static io.spanflow.processor.testing.TestSpans.span;
import static io.spanflow.processor.testing.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spanflow.processor.index.IndexHeader;
import io.spanflow.processor.testing.TopologyHarness;
import io.spanflow.processor.validate.DlqHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTopologyTest {

  @TempDir Path stateDir;
  TopologyHarness h;

  @BeforeEach
  void start() {
    // the next day's spans are 24 h later than T0; let them keep their start times
    h = new TopologyHarness(stateDir, b -> b.maxStartSkew(Duration.ofDays(2)));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void oneRecordPerServiceOperationKindAndDay_notPerSpan() {
    for (int trace = 1; trace <= 20; trace++) {
      h.send(span(trace, 1).service("api").operation("GET /").kind("server").start(T0).build(), T0);
    }
    TestRecord<String, String> r = h.serviceOperations.readRecord();
    assertThat(h.serviceOperations.isEmpty()).isTrue();

    JsonNode key = TopologyHarness.json(r.key());
    assertThat(key.path("serviceName").asText()).isEqualTo("api");
    assertThat(key.path("operationName").asText()).isEqualTo("GET /");
    assertThat(key.path("spanKind").asText()).isEqualTo("server");
    assertThat(key.path("day").asText()).isEqualTo("2026-11-21");
    JsonNode v = TopologyHarness.json(r.value());
    assertThat(v.path("firstSeen").asText()).isEqualTo("2026-11-21T12:00:00Z");
    assertThat(v.path("timestamp").asLong()).isEqualTo(T0.toEpochMilli());
    assertThat(DlqHeaders.text(r.headers(), IndexHeader.NAME))
        .isEqualTo("jaeger-service-2026-11-21");
  }

  @Test
  void newKindOperationServiceOrDay_eachGiveARecord() {
    Instant nextDay = T0.plus(Duration.ofDays(1));
    h.send(span(1, 1).service("api").operation("GET /").kind("server").start(T0).build(), T0);
    h.send(span(1, 2).service("api").operation("GET /").kind("client").start(T0).build(), T0);
    h.send(span(1, 3).service("api").operation("POST /").kind("server").start(T0).build(), T0);
    h.send(span(1, 4).service("web").operation("GET /").kind("server").start(T0).build(), T0);
    h.send(
        span(2, 1).service("api").operation("GET /").kind("server").start(nextDay).build(),
        nextDay);
    h.send(
        span(2, 2).service("api").operation("GET /").kind("server").start(nextDay).build(),
        nextDay);
    assertThat(h.readJson(h.serviceOperations))
        .extracting(
            n ->
                n.path("serviceName").asText()
                    + " "
                    + n.path("operationName").asText()
                    + " "
                    + n.path("spanKind").asText()
                    + " "
                    + n.path("day").asText())
        .containsExactly(
            "api GET / server 2026-11-21",
            "api GET / client 2026-11-21",
            "api POST / server 2026-11-21",
            "web GET / server 2026-11-21",
            "api GET / server 2026-11-22");
  }
}
