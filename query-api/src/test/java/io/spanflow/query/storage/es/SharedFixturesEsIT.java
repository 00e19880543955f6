package io.spanflow.query.storage.es;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.TestConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.query.app.QueryApp;
import io.spanflow.query.app.QueryOptions;
import io.spanflow.query.app.QueryServices;
import io.spanflow.query.traces.SharedFixtureTraces;
import io.spanflow.schemas.es.DependenciesDocument;
import io.spanflow.schemas.fixtures.TestTraces;
import io.spanflow.schemas.ids.TraceIds;
import io.spanflow.testsupport.SharedElasticsearch;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The project's shared fixture traces written through the ES layout's mapper and templates, read
 * back over the v1 API: the same JSON as the reviewed golden files, and the 10,001-span trace
 * whole. The service graph reads Spanflow's per-bucket links (with {@code errorCount}) and a Jaeger
 * daily document (without) in one answer.
 */
class SharedFixturesEsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode resource(String name) throws Exception {
    try (InputStream in = SharedFixturesEsIT.class.getResourceAsStream(name)) {
      return JSON.readTree(in);
    }
  }

  @Test
  void sharedFixtures_overElasticsearch_matchGoldenFiles_andLargeTraceIsWhole() throws Exception {
    String prefix = "qashared" + Long.toHexString(System.nanoTime());
    try (EsConnection es =
        EsConnection.builder()
            .serverUrls(List.of(SharedElasticsearch.httpUrl()))
            .timeout(Duration.ofMinutes(2))
            .build()) {
      EsFixtureLoader loader = new EsFixtureLoader(es.client(), prefix);
      loader.spans(SharedFixtureTraces.small());
      loader.spans(SharedFixtureTraces.large());
      loader.dependencies(
          List.of(
              DependenciesDocument.of(
                  SharedFixtureTraces.BASE,
                  new DependenciesDocument.Link("frontend", "backend", 10, 2, "jaeger")),
              DependenciesDocument.of(
                  SharedFixtureTraces.BASE.plusSeconds(60),
                  new DependenciesDocument.Link("backend", "mysql", 7, 0, "jaeger")),
              // outside the 24h window, in an index the window still reads
              DependenciesDocument.of(
                  SharedFixtureTraces.NOW.minus(Duration.ofHours(25)),
                  new DependenciesDocument.Link("frontend", "backend", 1000, 1000, "jaeger"))));
      loader.jaegerDependencies(
          SharedFixtureTraces.NOW.minus(Duration.ofHours(1)),
          "[{\"parent\":\"frontend\",\"child\":\"backend\",\"callCount\":5},"
              + "{\"parent\":\"backend\",\"child\":\"redis\",\"callCount\":4}]");
      loader.refresh();
      Clock clock = Clock.fixed(SharedFixtureTraces.NOW, ZoneOffset.UTC);
      EsReaderOptions options = EsReaderOptions.builder().indexPrefix(prefix).build();
      QueryServices services =
          QueryServices.builder()
              .spans(new EsSpanReader(es.client(), options, clock, new SimpleMeterRegistry()))
              .dependencies(new EsDependencyReader(es.client(), options, new SimpleMeterRegistry()))
              .clock(clock)
              .build();
      JsonNode two = resource("/expected/shared-two-service-trace.json");
      JsonNode zipkin = resource("/expected/shared-zipkin-shared-span-trace.json");
      JsonNode all = resource("/expected/shared-all-types-trace.json");
      JsonNode graph = resource("/expected/shared-dependencies.json");
      JavalinTest.test(
          QueryApp.create(services, QueryOptions.builder().bindHost("127.0.0.1").build()),
          new TestConfig(
              true, true, new OkHttpClient.Builder().readTimeout(Duration.ofMinutes(3)).build()),
          (server, c) -> {
            assertThat(get(c, TestTraces.TWO_SERVICE_TRACE_ID)).isEqualTo(two);
            assertThat(get(c, TestTraces.ZIPKIN_SHARED_TRACE_ID)).isEqualTo(zipkin);
            assertThat(get(c, TestTraces.ALL_TYPES_TRACE_ID)).isEqualTo(all);
            assertThat(
                    JSON.readTree(
                        c.get("/api/dependencies?endTs=" + SharedFixtureTraces.NOW.toEpochMilli())
                            .body()
                            .string()))
                .isEqualTo(graph);
            JsonNode large = get(c, TestTraces.LARGE_TRACE_ID);
            assertThat(large.at("/data/0/spans")).hasSize(SharedFixtureTraces.LARGE_SIZE);
            JsonNode search =
                JSON.readTree(
                    c.get("/api/traces?service=backend&tag=db.type:sql&lookback=1h")
                        .body()
                        .string());
            assertThat(search.get("data")).hasSize(1);
            assertThat(search.at("/data/0/traceID").asText())
                .isEqualTo(TraceIds.toHex(TestTraces.TWO_SERVICE_TRACE_ID));
          });
    }
  }

  private static JsonNode get(io.javalin.testtools.HttpClient c, com.google.protobuf.ByteString id)
      throws Exception {
    return JSON.readTree(c.get("/api/traces/" + TraceIds.toHex(id)).body().string());
  }
}
