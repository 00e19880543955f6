package io.spanflow.query.storage.es;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.JavalinTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.query.app.QueryApp;
import io.spanflow.query.app.QueryOptions;
import io.spanflow.query.app.QueryServices;
import io.spanflow.query.storage.SearchFixtures;
import io.spanflow.query.storage.SpanReader;
import io.spanflow.query.storage.SpanReaderContract;
import io.spanflow.query.storage.TestSpans;
import io.spanflow.schemas.es.DependenciesDocument;
import io.spanflow.testsupport.SharedElasticsearch;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The search semantics table and trace reads against a real Elasticsearch, with documents written
 * through the ES layout's mapper and templates; plus the 12,000-span trace read whole, and the HTTP
 * API on top of it.
 */
class EsSpanReaderIT extends SpanReaderContract {

  static final long LARGE = 0xb16;
  static final int LARGE_SIZE = 12_000;
  static final Instant NOW = SearchFixtures.BASE.plus(Duration.ofHours(1));

  private final String prefix = "qa" + Long.toHexString(System.nanoTime());
  private EsConnection connection;
  private EsSpanReader reader;
  private EsDependencyReader dependencies;
  private EsMetricsReader metrics;

  @BeforeAll
  void load() throws Exception {
    // Generous timeout: the test machine is shared and bulk loads can stall.
    connection =
        EsConnection.builder()
            .serverUrls(List.of(SharedElasticsearch.httpUrl()))
            .timeout(Duration.ofSeconds(120))
            .build();
    EsFixtureLoader loader = new EsFixtureLoader(connection.client(), prefix);
    loader.spans(SearchFixtures.all());
    loader.spans(largeTrace());
    loader.dependencies(
        List.of(
            DependenciesDocument.of(
                NOW.minus(Duration.ofHours(2)),
                new DependenciesDocument.Link("frontend", "backend", 3, "jaeger")),
            DependenciesDocument.of(
                NOW.minus(Duration.ofMinutes(30)),
                new DependenciesDocument.Link("frontend", "backend", 2, 1, "jaeger")),
            DependenciesDocument.of(
                NOW.minus(Duration.ofMinutes(30)),
                new DependenciesDocument.Link("backend", "mysql", 4, "jaeger"))));
    loader.metrics(io.spanflow.query.metrics.MetricsEndpointsTest.buckets());
    loader.refresh();
    EsReaderOptions options = EsReaderOptions.builder().indexPrefix(prefix).build();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    reader = new EsSpanReader(connection.client(), options, clock, new SimpleMeterRegistry());
    dependencies = new EsDependencyReader(connection.client(), options, new SimpleMeterRegistry());
    metrics = new EsMetricsReader(connection.client(), options, new SimpleMeterRegistry());
  }

  @AfterAll
  void close() {
    if (connection != null) {
      connection.close();
    }
  }

  @Override
  protected SpanReader reader() {
    return reader;
  }

  /** A wide, flat trace whose spans share start times, so page boundaries fall inside ties. */
  static List<Span> largeTrace() {
    Process[] processes = {
      TestSpans.process("large-a", TestSpans.str("ip", "10.1.0.1")),
      TestSpans.process("large-b", TestSpans.str("ip", "10.1.0.2"))
    };
    List<Span> spans = new ArrayList<>(LARGE_SIZE);
    Instant start = SearchFixtures.BASE.plusSeconds(600);
    spans.add(TestSpans.span(LARGE, 1, 0, processes[0], "root", start, 60_000_000).build());
    for (int i = 2; i <= LARGE_SIZE; i++) {
      spans.add(
          TestSpans.span(
                  LARGE, i, 1, processes[i % 2], "op-" + (i % 7), start.plusMillis(i / 50), 1_000)
              .build());
    }
    return spans;
  }

  @Test
  void getTrace_largerThanOnePage_isWholeWithoutDuplicates() {
    List<Span> trace = reader.getTrace(TestSpans.traceId(LARGE)).orElseThrow();
    assertThat(trace).hasSize(LARGE_SIZE);
    assertThat(new HashSet<>(trace)).isEqualTo(new HashSet<>(largeTrace()));
  }

  @Test
  void getTrace_smallPages_stillWhole() {
    EsSpanReader paged =
        new EsSpanReader(
            connection.client(),
            EsReaderOptions.builder().indexPrefix(prefix).pageSize(700).build(),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new SimpleMeterRegistry());
    Set<Long> ids = new HashSet<>();
    List<Span> trace = paged.getTrace(TestSpans.traceId(LARGE)).orElseThrow();
    trace.forEach(s -> ids.add(io.spanflow.schemas.ids.TraceIds.low(s.getSpanId())));
    assertThat(trace).hasSize(LARGE_SIZE);
    assertThat(ids).hasSize(LARGE_SIZE);
  }

  /**
   * A search whose results include the 12,000-span trace returns it whole, whatever the page size
   * (page boundaries at exact multiples, 12,000 = 2 × 6,000 = 3 × 4,000, and not) and however the
   * result ids are split over concurrent fetches; every other trace is whole too, in search order.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "10000,1", "10000,4", "6000,1", "6000,8", "4000,4", "700,2"
  })
  void findTraces_withTheLargeTrace_returnsEveryTraceWhole(int pageSize, int fetchSearches) {
    EsSpanReader paged =
        new EsSpanReader(
            connection.client(),
            EsReaderOptions.builder().indexPrefix(prefix).pageSize(pageSize).build(),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new SimpleMeterRegistry(),
            fetchSearches);
    io.spanflow.query.storage.TraceQuery everything =
        io.spanflow.query.storage.TraceQuery.builder()
            .startTimeMin(SearchFixtures.BASE.minus(Duration.ofHours(1)))
            .startTimeMax(NOW)
            .limit(20)
            .build();
    List<com.google.protobuf.ByteString> ids = paged.findTraceIds(everything);
    assertThat(ids).contains(TestSpans.traceId(LARGE)).hasSizeGreaterThan(2);

    List<List<Span>> traces = paged.findTraces(everything);

    assertThat(traces).extracting(t -> t.get(0).getTraceId()).containsExactlyElementsOf(ids);
    for (List<Span> trace : traces) {
      com.google.protobuf.ByteString id = trace.get(0).getTraceId();
      assertThat(trace).allMatch(sp -> sp.getTraceId().equals(id));
      if (id.equals(TestSpans.traceId(LARGE))) {
        assertThat(trace).hasSize(LARGE_SIZE);
        assertThat(new HashSet<>(trace)).isEqualTo(new HashSet<>(largeTrace()));
      } else {
        assertThat(new HashSet<>(trace))
            .isEqualTo(new HashSet<>(reader.getTrace(id).orElseThrow()));
      }
    }
  }

  @Test
  void dependencies_summedFromLinkDocuments() {
    assertThat(dependencies.getDependencies(NOW, Duration.ofHours(1)))
        .extracting(l -> l.parent() + ">" + l.child() + "=" + l.callCount() + "/" + l.errorCount())
        .containsExactlyInAnyOrder("frontend>backend=2/1", "backend>mysql=4/0");
    assertThat(dependencies.getDependencies(NOW, Duration.ofHours(3))).hasSize(3);
  }

  @Test
  void httpApi_overElasticsearch_exactTraceJson_andLargeTrace() throws Exception {
    JsonNode expected;
    try (InputStream in = getClass().getResourceAsStream("/expected/trace-t1.json")) {
      expected = new ObjectMapper().readTree(in);
    }
    QueryServices services =
        QueryServices.builder()
            .spans(reader)
            .dependencies(dependencies)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    ObjectMapper json = new ObjectMapper();
    JavalinTest.test(
        QueryApp.create(services, QueryOptions.builder().bindHost("127.0.0.1").build()),
        // A shared, busy test machine can take a while over 12,000 spans; no timing asserted.
        new io.javalin.testtools.TestConfig(
            true,
            true,
            new okhttp3.OkHttpClient.Builder().readTimeout(Duration.ofMinutes(3)).build()),
        (server, c) -> {
          assertThat(
                  json.readTree(
                      c.get("/api/traces/000000000000123400000000000000a1").body().string()))
              .isEqualTo(expected);
          JsonNode large =
              json.readTree(
                  c.get(
                          "/api/traces/"
                              + io.spanflow.schemas.ids.TraceIds.toHex(TestSpans.traceId(LARGE)))
                      .body()
                      .string());
          assertThat(large.at("/data/0/spans")).hasSize(LARGE_SIZE);
          assertThat(large.at("/data/0/processes").size()).isEqualTo(2);
          JsonNode services2 = json.readTree(c.get("/api/services").body().string());
          assertThat(services2.get("data").toString())
              .isEqualTo("[\"backend\",\"frontend\",\"large-a\",\"large-b\",\"mysql\"]");
          assertThat(c.get("/api/traces/ffffffff").code()).isEqualTo(404);
        });
  }

  @Test
  void metrics_fromSpanMetricsIndices_matchJaegersSeries() {
    Instant end = io.spanflow.query.metrics.MetricsEndpointsTest.END;
    io.spanflow.query.metrics.MetricsQuery q =
        new io.spanflow.query.metrics.MetricsQuery(
            List.of("frontend"),
            false,
            List.of("SPAN_KIND_SERVER"),
            end,
            Duration.ofMinutes(5),
            Duration.ofMinutes(1),
            Duration.ofMinutes(10));
    io.spanflow.query.metrics.MetricFamily calls = metrics.callRates(q);
    assertThat(calls.metrics()).hasSize(1);
    assertThat(calls.metrics().get(0).points()).hasSize(6);
    assertThat(calls.metrics().get(0).points().get(5).value()).isEqualTo(1.0);
    assertThat(metrics.errorRates(q).metrics().get(0).points().get(5).value()).isEqualTo(0.1);
    assertThat(metrics.latencies(q, 0.95).metrics().get(0).points().get(5).value())
        .isCloseTo(7.3, org.assertj.core.data.Offset.offset(1e-9));
    io.spanflow.query.metrics.MetricsQuery clients =
        new io.spanflow.query.metrics.MetricsQuery(
            List.of("frontend"),
            false,
            List.of("SPAN_KIND_CLIENT"),
            end,
            Duration.ofMinutes(5),
            Duration.ofMinutes(1),
            Duration.ofMinutes(10));
    assertThat(metrics.callRates(clients).metrics()).isEmpty();
  }
}
