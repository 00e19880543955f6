package io.spanflow.processor.dependencies;

import static io.spanflow.processor.testing.TestSpans.span;
import static io.spanflow.processor.testing.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spanflow.processor.index.IndexHeader;
import io.spanflow.processor.testing.TopologyHarness;
import io.spanflow.processor.validate.DlqHeaders;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.fixtures.TestTraces;
import io.spanflow.schemas.ids.TraceIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming dependencies: edges are published once the trace has been quiet for the gap (wall
 * clock, moved explicitly), and counted per bucket.
 */
class DependencyTopologyTest {

  static final Duration GAP = Duration.ofSeconds(30);

  @TempDir Path stateDir;
  TopologyHarness h;

  @BeforeEach
  void start() {
    h =
        new TopologyHarness(
            stateDir,
            b ->
                b.traceInactivityGap(GAP)
                    .sessionScanInterval(Duration.ofSeconds(5))
                    .traceRetention(Duration.ofMinutes(10)));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void fixtureTwoServiceTrace_givesFrontendToBackend() {
    TestTraces.twoServiceTrace(T0).forEach(s -> h.send(s, T0));
    h.advanceWallClock(GAP.plusSeconds(5));
    assertThat(latestCounts()).containsOnly(Map.entry("frontend->backend", 1L));
  }

  @Test
  void fixtureZipkinSharedSpanTrace_givesFrontendToBackendOnce() {
    TestTraces.zipkinSharedSpanTrace(T0).forEach(s -> h.send(s, T0));
    h.advanceWallClock(GAP.plusSeconds(5));
    assertThat(latestCounts()).containsOnly(Map.entry("frontend->backend", 1L));
    assertThat(h.metrics.edgesEmittedCount()).isEqualTo(1);
  }

  @Test
  void fixtureLargeTrace_countsEveryCrossServiceCallOnce() {
    List<Span> spans = TestTraces.largeTrace(2_000, T0); // 10,000 passes too (~2 min here)
    Map<String, Long> expected = new HashMap<>();
    for (Span s : spans) {
      long id = TraceIds.low(s.getSpanId());
      if (id > 1) {
        String parent = spans.get((int) (id / 2) - 1).getProcess().getServiceName();
        String child = s.getProcess().getServiceName();
        if (!parent.equals(child)) {
          expected.merge(parent + "->" + child, 1L, Long::sum);
        }
      }
    }
    spans.forEach(s -> h.send(s, T0));
    h.advanceWallClock(GAP.plusSeconds(5));
    assertThat(latestCounts()).isEqualTo(expected);
  }

  @Test
  void twoServiceTrace_givesOneEdgeAfterTheGap() {
    send(
        span(1, 1).service("frontend").kind("server").operation("GET /").start(T0).build(),
        span(1, 2).service("frontend").kind("client").parent(1).start(T0).build(),
        span(1, 3).service("backend").kind("server").parent(2).start(T0).build());

    h.advanceWallClock(GAP.minusSeconds(10));
    assertThat(h.dependencyLinks.isEmpty()).as("not before the gap").isTrue();

    h.advanceWallClock(Duration.ofSeconds(15));
    assertThat(latestCounts()).containsExactly(Map.entry("frontend->backend", 1L));
    assertThat(h.metrics.edgesEmittedCount()).isEqualTo(1);
  }

  @Test
  void edgeRecord_hasKeyBucketIndexHeaderAndCounts() {
    send(
        span(1, 1).service("frontend").start(T0.plusSeconds(5)).build(),
        span(1, 2)
            .service("backend")
            .parent(1)
            .start(T0.plusSeconds(5))
            .tag("error", true)
            .build());
    h.advanceWallClock(GAP.plusSeconds(5));

    TestRecord<String, String> r = h.dependencyLinks.readRecord();
    JsonNode key = TopologyHarness.json(r.key());
    JsonNode v = TopologyHarness.json(r.value());
    assertThat(key.path("parent").asText()).isEqualTo("frontend");
    assertThat(key.path("child").asText()).isEqualTo("backend");
    assertThat(key.path("bucketStart").asText()).isEqualTo("2026-11-21T12:00:00Z");
    assertThat(v.path("callCount").asLong()).isEqualTo(1);
    assertThat(v.path("errorCount").asLong()).isEqualTo(1);
    assertThat(v.path("bucketEnd").asText()).isEqualTo("2026-11-21T12:01:00Z");
    assertThat(v.path("timestamp").asLong()).isEqualTo(T0.toEpochMilli());
    assertThat(v.path("source").asText()).isEqualTo("spanflow");
    assertThat(DlqHeaders.text(r.headers(), IndexHeader.NAME))
        .isEqualTo("jaeger-dependencies-2026-11-21");
  }

  @Test
  void zipkinSharedSpan_linksClientServiceToServerService() {
    send(
        span(1, 1).service("frontend").kind("server").start(T0).build(),
        span(1, 2).service("frontend").kind("client").parent(1).start(T0).build(),
        span(1, 2).service("backend").kind("server").parent(1).start(T0).build(),
        span(1, 3)
            .service("backend")
            .kind("client")
            .parent(2)
            .tag("peer.service", "db")
            .start(T0)
            .build());
    h.advanceWallClock(GAP.plusSeconds(5));
    assertThat(latestCounts())
        .containsOnly(Map.entry("frontend->backend", 1L), Map.entry("backend->db", 1L));
  }

  @Test
  void childOfSharedSpan_runsInTheServerHalf() {
    send(
        span(1, 2).service("frontend").kind("client").start(T0).build(),
        span(1, 2).service("backend").kind("server").start(T0).build(),
        span(1, 4).service("backend").parent(2).start(T0).build());
    h.advanceWallClock(GAP.plusSeconds(5));
    assertThat(latestCounts()).containsOnly(Map.entry("frontend->backend", 1L));
  }

  @Test
  void peerServiceClientLeaf_givesAnEdgeToThePeer() {
    send(
        span(1, 1).service("api").kind("server").start(T0).build(),
        span(1, 2)
            .service("api")
            .kind("client")
            .parent(1)
            .tag("peer.service", "redis")
            .start(T0)
            .build());
    h.advanceWallClock(GAP.plusSeconds(5));
    assertThat(latestCounts()).containsOnly(Map.entry("api->redis", 1L));
  }

  @Test
  void peerServiceClientWithAChild_countsTheChildOnly() {
    send(
        span(1, 2).service("api").kind("client").tag("peer.service", "users").start(T0).build(),
        span(1, 3).service("users").kind("server").parent(2).start(T0).build());
    h.advanceWallClock(GAP.plusSeconds(5));
    assertThat(latestCounts()).containsOnly(Map.entry("api->users", 1L));
  }

  @Test
  void selfCalls_giveNoEdge() {
    send(
        span(1, 1).service("api").kind("server").start(T0).build(),
        span(1, 2).service("api").kind("client").parent(1).start(T0).build(),
        span(1, 3).service("api").kind("server").parent(2).start(T0).build(),
        span(1, 4)
            .service("api")
            .kind("client")
            .parent(3)
            .tag("peer.service", "api")
            .start(T0)
            .build());
    h.advanceWallClock(GAP.plusSeconds(5));
    assertThat(h.dependencyLinks.isEmpty()).isTrue();
    assertThat(h.metrics.edgesEmittedCount()).isZero();
  }

  @Test
  void lateSpanWithinTheGap_joinsTheSessionAndDelaysIt() {
    send(span(1, 1).service("a").start(T0).build());
    h.advanceWallClock(GAP.minusSeconds(10)); // 20 s
    send(span(1, 2).service("b").parent(1).start(T0).build()); // arrives within the gap
    h.advanceWallClock(Duration.ofSeconds(15)); // 35 s after the first, 15 s after the last
    assertThat(h.dependencyLinks.isEmpty()).as("the last arrival restarted the gap").isTrue();
    h.advanceWallClock(Duration.ofSeconds(20));
    assertThat(latestCounts()).containsOnly(Map.entry("a->b", 1L));
  }

  @Test
  void spansOfOneTraceArrivingTogether_writeItsSessionOnce_yetTheGapRunsFromTheLast() {
    send(span(1, 1).service("a").start(T0).build());
    KeyValueStore<String, TraceSession> sessions =
        h.driver.getKeyValueStore(DependencyStage.SESSION_STORE);
    long firstArrival = onlySession(sessions).lastArrivalMillis;
    h.advanceWallClock(Duration.ofSeconds(5)); // within half a gap
    send(span(1, 2).service("b").parent(1).start(T0).build());

    assertThat(onlySession(sessions).lastArrivalMillis)
        .as("the second span is kept in memory, not written")
        .isEqualTo(firstArrival);
    h.advanceWallClock(GAP.minusSeconds(3)); // 32 s after the first span, 27 s after the last
    assertThat(h.dependencyLinks.isEmpty()).as("the gap runs from the last arrival").isTrue();
    h.advanceWallClock(Duration.ofSeconds(10));
    assertThat(latestCounts()).containsOnly(Map.entry("a->b", 1L));
    assertThat(onlySession(sessions).closed).isTrue();
  }

  private static TraceSession onlySession(KeyValueStore<String, TraceSession> sessions) {
    try (KeyValueIterator<String, TraceSession> it = sessions.all()) {
      TraceSession only = it.next().value;
      assertThat(it.hasNext()).isFalse();
      return only;
    }
  }

  @Test
  void lateSpanBeyondTheGap_linksToItsClosedTraceWithoutRecountingIt() {
    send(
        span(1, 1).service("a").start(T0).build(),
        span(1, 2).service("b").parent(1).start(T0).build());
    h.advanceWallClock(GAP.plusSeconds(5));
    assertThat(latestCounts()).containsOnly(Map.entry("a->b", 1L));

    h.advanceWallClock(Duration.ofSeconds(60));
    send(span(1, 3).service("c").parent(2).start(T0.plusSeconds(1)).build());
    h.advanceWallClock(GAP.plusSeconds(5));

    assertThat(latestCounts()).containsOnly(Map.entry("b->c", 1L));
    assertThat(h.metrics.edgesEmittedCount()).isEqualTo(2);
  }

  @Test
  void childArrivingBeforeItsParent_isLinkedWhenTheParentComes() {
    send(span(1, 2).service("b").parent(1).start(T0).build());
    h.advanceWallClock(GAP.plusSeconds(5));
    assertThat(h.dependencyLinks.isEmpty()).isTrue();

    send(span(1, 1).service("a").start(T0).build());
    h.advanceWallClock(GAP.plusSeconds(5));
    assertThat(latestCounts()).containsOnly(Map.entry("a->b", 1L));
  }

  @Test
  void lateChildOfACountedPeerServiceLeaf_isNotCountedTwice() {
    send(span(1, 2).service("api").kind("client").tag("peer.service", "users").start(T0).build());
    h.advanceWallClock(GAP.plusSeconds(5));
    assertThat(latestCounts()).containsOnly(Map.entry("api->users", 1L));

    send(span(1, 3).service("users").kind("server").parent(2).start(T0).build());
    h.advanceWallClock(GAP.plusSeconds(5));
    assertThat(h.dependencyLinks.isEmpty()).isTrue();
  }

  @Test
  void lateSpanAfterTheTraceExpired_startsOverWithoutItsParent() {
    send(span(1, 1).service("a").start(T0).build());
    h.advanceWallClock(Duration.ofMinutes(11)); // closed, then expired after the retention
    h.advanceWallClock(Duration.ofSeconds(10));
    send(span(1, 2).service("b").parent(1).start(T0).build());
    h.advanceWallClock(GAP.plusSeconds(5));
    assertThat(h.dependencyLinks.isEmpty()).isTrue();
  }

  @Test
  void callsFromManyTraces_addUpInTheirBucket() {
    for (int t = 1; t <= 3; t++) {
      send(
          span(t, 1).service("frontend").start(T0.plusSeconds(t)).build(),
          span(t, 2).service("backend").parent(1).start(T0.plusSeconds(t)).build());
    }
    send(
        span(9, 1).service("frontend").start(T0.plusSeconds(70)).build(),
        span(9, 2).service("backend").parent(1).start(T0.plusSeconds(70)).build());
    h.advanceWallClock(GAP.plusSeconds(5));

    Map<String, Long> byBucket = new HashMap<>();
    for (JsonNode v : h.readJson(h.dependencyLinks)) {
      byBucket.put(v.path("bucketStart").asText(), v.path("callCount").asLong());
    }
    assertThat(byBucket)
        .containsOnly(Map.entry("2026-11-21T12:00:00Z", 3L), Map.entry("2026-11-21T12:01:00Z", 1L));
  }

  @Test
  void edgesArePublishedWithinAMinuteOfTheLastSpan_withDefaultSettings() {
    h.close();
    h = new TopologyHarness(stateDir.resolve("defaults"));
    send(
        span(1, 1).service("a").start(T0).build(),
        span(1, 2).service("b").parent(1).start(T0).build());
    h.advanceWallClock(Duration.ofSeconds(59));
    assertThat(latestCounts()).containsOnly(Map.entry("a->b", 1L));
  }

  private void send(Span... spans) {
    for (Span s : spans) {
      h.send(s, T0);
    }
  }

  /** parent->child → call count of the last update per edge. */
  private Map<String, Long> latestCounts() {
    Map<String, Long> out = new HashMap<>();
    List<JsonNode> values = h.readJson(h.dependencyLinks);
    for (JsonNode v : values) {
      out.put(
          v.path("parent").asText() + "->" + v.path("child").asText(),
          v.path("callCount").asLong());
    }
    return out;
  }
}
