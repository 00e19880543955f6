package io.spanflow.query.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.query.storage.Operation;
import io.spanflow.query.storage.OperationQuery;
import io.spanflow.query.storage.SearchFixtures;
import io.spanflow.query.storage.ServiceLink;
import io.spanflow.query.storage.SpanReader;
import io.spanflow.query.storage.StorageUnavailableException;
import io.spanflow.query.storage.TraceQuery;
import io.spanflow.query.storage.memory.InMemorySpanStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Every v1 endpoint's shape and error cases, against the in-memory store. */
class QueryAppTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String T1 = "000000000000123400000000000000a1";
  private static final String T2 = "000000000000123400000000000000a2";
  private static final String T3 = "000000000000123400000000000000a3";
  private static final Instant NOW = SearchFixtures.BASE.plus(Duration.ofHours(1));

  private final InMemorySpanStore store =
      new InMemorySpanStore()
          .writeAll(SearchFixtures.all())
          .writeDependencies(
              NOW.minus(Duration.ofHours(2)),
              List.of(link("frontend", "backend", 3, 1), link("backend", "mysql", 4, 0)))
          .writeDependencies(
              NOW.minus(Duration.ofMinutes(30)), List.of(link("frontend", "backend", 2, 1)))
          .writeDependencies(NOW.minus(Duration.ofDays(3)), List.of(link("old", "edge", 1, 0)));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private Javalin app(QueryOptions.Builder options) {
    return QueryApp.create(
        QueryServices.builder()
            .spans(store)
            .dependencies(store)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .meterRegistry(registry)
            .build(),
        options.bindHost("127.0.0.1").build());
  }

  private void test(Consumer<HttpClient> body) {
    JavalinTest.test(app(QueryOptions.builder()), (server, client) -> body.accept(client));
  }

  private static JsonNode json(Response r) {
    try {
      return JSON.readTree(r.body().string());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode resource(String name) throws IOException {
    try (InputStream in = QueryAppTest.class.getResourceAsStream(name)) {
      return JSON.readTree(in);
    }
  }

  private static ServiceLink link(String parent, String child, long calls, long errors) {
    return ServiceLink.of(parent, child, calls, errors);
  }

  private static void assertError(Response r, int status, String message) {
    assertThat(r.code()).isEqualTo(status);
    JsonNode body = json(r);
    assertThat(body.get("data").isNull()).isTrue();
    assertThat(body.get("errors")).hasSize(1);
    assertThat(body.get("errors").get(0).get("code").asInt()).isEqualTo(status);
    assertThat(body.get("errors").get(0).get("msg").asText()).isEqualTo(message);
    assertThat(body.toString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void services_listsNamesWithTotal() {
    test(
        c -> {
          JsonNode body = json(c.get("/api/services"));
          assertThat(body.toString())
              .isEqualTo(
                  "{\"data\":[\"backend\",\"frontend\",\"mysql\"],\"total\":3,\"limit\":0,\"offset\":0,\"errors\":null}");
        });
  }

  @Test
  void legacyOperations_areNamesOnly() {
    test(
        c -> {
          JsonNode body = json(c.get("/api/services/frontend/operations"));
          assertThat(body.get("data").toString())
              .isEqualTo("[\"GET /dispatch\",\"HTTP GET /customer\"]");
          assertThat(body.get("total").asInt()).isEqualTo(2);
        });
  }

  @Test
  void legacyOperations_decodeServiceInPath() {
    store.writeAll(
        List.of(
            io.spanflow.query.storage.TestSpans.span(
                    0xb1,
                    1,
                    0,
                    io.spanflow.query.storage.TestSpans.process("my service"),
                    "op",
                    SearchFixtures.BASE,
                    1)
                .build()));
    test(
        c ->
            assertThat(json(c.get("/api/services/my%20service/operations")).get("data").toString())
                .isEqualTo("[\"op\"]"));
  }

  @Test
  void operations_withSpanKinds() {
    test(
        c -> {
          JsonNode body = json(c.get("/api/operations?service=frontend"));
          assertThat(body.get("data").toString())
              .isEqualTo(
                  "[{\"name\":\"GET /dispatch\",\"spanKind\":\"server\"},{\"name\":\"HTTP GET /customer\",\"spanKind\":\"client\"}]");
          assertThat(body.get("total").asInt()).isEqualTo(2);
          JsonNode clients = json(c.get("/api/operations?service=frontend&spanKind=client"));
          assertThat(clients.get("data")).hasSize(1);
        });
  }

  @Test
  void operations_withoutService_is400() {
    test(c -> assertError(c.get("/api/operations"), 400, "parameter 'service' is required"));
  }

  @Test
  void traceById_exactUiModel() throws IOException {
    JsonNode expected = resource("/expected/trace-t1.json");
    test(
        c -> {
          Response r = c.get("/api/traces/" + T1);
          assertThat(r.code()).isEqualTo(200);
          assertThat(r.header("Content-Type")).startsWith("application/json");
          assertThat(json(r)).isEqualTo(expected);
        });
  }

  @Test
  void traceById_acceptsShortAndUpperCaseIds() {
    test(
        c ->
            assertThat(
                    json(c.get("/api/traces/000000000000123400000000000000A1"))
                        .at("/data/0/traceID")
                        .asText())
                .isEqualTo(T1));
  }

  @Test
  void traceById_unknown_is404InEnvelope() {
    test(
        c -> {
          Response r = c.get("/api/traces/abcdef");
          assertThat(r.code()).isEqualTo(404);
          assertThat(json(r).toString())
              .isEqualTo(
                  "{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":404,\"msg\":\"trace not found\"}]}");
        });
  }

  @Test
  void traceById_malformedId_is400NamingTraceID() {
    test(
        c -> {
          Response r = c.get("/api/traces/not-hex");
          assertThat(r.code()).isEqualTo(400);
          assertThat(json(r).at("/errors/0/msg").asText())
              .startsWith("unable to parse param 'traceID'");
        });
  }

  @Test
  void search_byService_newestFirst() {
    test(
        c -> {
          JsonNode body = json(c.get("/api/traces?service=frontend&lookback=2h"));
          assertThat(body.get("data")).hasSize(2);
          assertThat(body.at("/data/0/traceID").asText()).isEqualTo(T2);
          assertThat(body.at("/data/1/traceID").asText()).isEqualTo(T1);
          assertThat(body.at("/data/1/spans")).hasSize(3);
          assertThat(body.get("errors").isNull()).isTrue();
        });
  }

  @Test
  void search_startAndEndInMicroseconds() {
    long start = SearchFixtures.BASE.plusSeconds(30).toEpochMilli() * 1000;
    long end = SearchFixtures.BASE.plusSeconds(90).toEpochMilli() * 1000;
    test(
        c -> {
          JsonNode body =
              json(c.get("/api/traces?service=frontend&start=" + start + "&end=" + end));
          assertThat(body.get("data")).hasSize(1);
          assertThat(body.at("/data/0/traceID").asText()).isEqualTo(T2);
        });
  }

  @Test
  void search_tagsJsonAndRepeatedTag_areAnded() {
    test(
        c -> {
          JsonNode body =
              json(
                  c.get(
                      "/api/traces?service=backend&tags=%7B%22region%22%3A%22us-east%22%7D&tag=level:warn"));
          assertThat(body.get("data")).hasSize(1);
          assertThat(body.at("/data/0/traceID").asText()).isEqualTo(T3);
          JsonNode none =
              json(c.get("/api/traces?service=backend&tag=region:us-east&tag=event:cache-miss"));
          assertThat(none.get("data")).isEmpty();
        });
  }

  @Test
  void search_tagValueMayContainColons() {
    store.writeAll(
        List.of(
            io.spanflow.query.storage.TestSpans.span(
                    0xc1,
                    1,
                    0,
                    io.spanflow.query.storage.TestSpans.process("colon"),
                    "op",
                    SearchFixtures.BASE,
                    1)
                .addTags(io.spanflow.query.storage.TestSpans.str("url", "http://x:80/"))
                .build()));
    test(
        c ->
            assertThat(json(c.get("/api/traces?service=colon&tag=url:http://x:80/")).get("data"))
                .hasSize(1));
  }

  @Test
  void search_goDurations() {
    test(
        c -> {
          assertThat(json(c.get("/api/traces?service=backend&minDuration=1.5s")).get("data"))
              .hasSize(1);
          assertThat(
                  json(c.get("/api/traces?service=frontend&minDuration=200ms&maxDuration=400ms"))
                      .get("data"))
              .hasSize(1);
          assertThat(json(c.get("/api/traces?service=mysql&minDuration=1500us")).get("data"))
              .hasSize(1);
        });
  }

  @Test
  void search_limit() {
    test(
        c -> {
          JsonNode body = json(c.get("/api/traces?service=frontend&limit=1"));
          assertThat(body.get("data")).hasSize(1);
          assertThat(body.at("/data/0/traceID").asText()).isEqualTo(T2);
        });
  }

  @Test
  void search_byTraceIds_reportsMissingOnesAsErrors() {
    test(
        c -> {
          JsonNode body = json(c.get("/api/traces?traceID=" + T1 + "&traceID=ffff"));
          assertThat(body.get("data")).hasSize(1);
          assertThat(body.get("errors").toString())
              .isEqualTo("[{\"msg\":\"trace not found\",\"traceID\":\"000000000000ffff\"}]");
        });
  }

  @Test
  void search_badParameters_are400NamingTheParameter() {
    test(
        c -> {
          assertError(c.get("/api/traces"), 400, "parameter 'service' is required");
          assertError(
              c.get("/api/traces?service=x&minDuration=fast"),
              400,
              "unable to parse param 'minDuration': time: invalid duration \"fast\"");
          assertError(
              c.get("/api/traces?service=x&maxDuration=10"),
              400,
              "unable to parse param 'maxDuration': time: missing unit in duration \"10\"");
          assertError(
              c.get("/api/traces?service=x&minDuration=2s&maxDuration=1s"),
              400,
              "'maxDuration' should be greater than 'minDuration'");
          assertError(
              c.get("/api/traces?service=x&limit=ten"),
              400,
              "unable to parse param 'limit': strconv.ParseInt: parsing \"ten\": invalid syntax");
          assertError(
              c.get("/api/traces?service=x&start=yesterday"),
              400,
              "unable to parse param 'start': strconv.ParseInt: parsing \"yesterday\": invalid syntax");
          assertError(
              c.get("/api/traces?service=x&end=1.5"),
              400,
              "unable to parse param 'end': strconv.ParseInt: parsing \"1.5\": invalid syntax");
          assertError(
              c.get("/api/traces?service=x&tag=novalue"),
              400,
              "malformed 'tag' parameter, expecting key:value, received: novalue");
          assertThat(json(c.get("/api/traces?service=x&tags=%7Bbad")).at("/errors/0/msg").asText())
              .startsWith("malformed 'tags' parameter, cannot unmarshal JSON");
          assertThat(json(c.get("/api/traces?traceID=xyz")).at("/errors/0/msg").asText())
              .startsWith("cannot parse traceID param");
          assertThat(
                  json(c.get("/api/traces?service=x&lookback=forever"))
                      .at("/errors/0/msg")
                      .asText())
              .startsWith("unable to parse param 'lookback'");
        });
  }

  @Test
  void dependencies_summedOverWindow_sorted() {
    test(
        c -> {
          long endTs = NOW.toEpochMilli();
          JsonNode body =
              json(
                  c.get(
                      "/api/dependencies?endTs="
                          + endTs
                          + "&lookback="
                          + Duration.ofHours(24).toMillis()));
          assertThat(body.get("data").toString())
              .isEqualTo(
                  "[{\"parent\":\"backend\",\"child\":\"mysql\",\"callCount\":4,"
                      + "\"errorCount\":0},"
                      + "{\"parent\":\"frontend\",\"child\":\"backend\",\"callCount\":5,"
                      + "\"errorCount\":2}]");
          JsonNode lastHour = json(c.get("/api/dependencies?endTs=" + endTs + "&lookback=3600000"));
          assertThat(lastHour.get("data").toString())
              .isEqualTo(
                  "[{\"parent\":\"frontend\",\"child\":\"backend\",\"callCount\":2,"
                      + "\"errorCount\":1}]");
          assertThat(json(c.get("/api/dependencies")).get("data")).hasSize(2); // defaults: now, 24h
        });
  }

  @Test
  void dependencies_badParameters_are400() {
    test(
        c -> {
          assertError(
              c.get("/api/dependencies?endTs=abc"),
              400,
              "unable to parse param 'endTs': strconv.ParseInt: parsing \"abc\": invalid syntax");
          assertError(
              c.get("/api/dependencies?lookback=1h"),
              400,
              "unable to parse param 'lookback': strconv.ParseInt: parsing \"1h\": invalid syntax");
        });
  }

  @Test
  void storageDown_is503_withoutStackTrace() {
    SpanReader down = new DownReader(new StorageUnavailableException("connection refused"));
    Javalin app =
        QueryApp.create(
            QueryServices.builder().spans(down).dependencies(store).build(),
            QueryOptions.builder().bindHost("127.0.0.1").build());
    JavalinTest.test(
        app,
        (server, c) -> {
          assertError(c.get("/api/services"), 503, "storage unavailable: connection refused");
          assertError(c.get("/api/traces/" + T1), 503, "storage unavailable: connection refused");
          assertError(
              c.get("/api/traces?service=x"), 503, "storage unavailable: connection refused");
        });
  }

  @Test
  void unexpectedFailure_is500_withoutDetails() {
    SpanReader broken = new DownReader(new IllegalStateException("secret internals"));
    Javalin app =
        QueryApp.create(
            QueryServices.builder().spans(broken).dependencies(store).build(),
            QueryOptions.builder().bindHost("127.0.0.1").build());
    JavalinTest.test(
        app, (server, c) -> assertError(c.get("/api/services"), 500, "internal error"));
  }

  @Test
  void basePath_prefixesEveryRoute() {
    JavalinTest.test(
        app(QueryOptions.builder().basePath("/jaeger/")),
        (server, c) -> {
          assertThat(c.get("/jaeger/api/services").code()).isEqualTo(200);
          assertThat(c.get("/api/services").code()).isEqualTo(404);
        });
  }

  @Test
  void bearerToken_requiredWhenConfigured() {
    JavalinTest.test(
        app(QueryOptions.builder().bearerTokens(Set.of("s3cret"))),
        (server, c) -> {
          Response missing = c.get("/api/services");
          assertThat(missing.code()).isEqualTo(401);
          assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
          assertThat(c.get("/api/services", r -> r.header("Authorization", "Bearer wrong")).code())
              .isEqualTo(401);
          assertThat(c.get("/api/services", r -> r.header("Authorization", "Bearer s3cret")).code())
              .isEqualTo(200);
        });
  }

  @Test
  void cors_allowsConfiguredOrigin() {
    JavalinTest.test(
        app(QueryOptions.builder().corsAllowedOrigins(List.of("https://ui.example"))),
        (server, c) -> {
          Response r = c.get("/api/services", req -> req.header("Origin", "https://ui.example"));
          assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://ui.example");
          Response other =
              c.get("/api/services", req -> req.header("Origin", "https://evil.example"));
          assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        });
  }

  @Test
  void openApi_describesEveryRoute() {
    test(
        c -> {
          JsonNode doc = json(c.get("/api/openapi.json"));
          assertThat(doc.get("openapi").asText()).startsWith("3.");
          assertThat(doc.get("paths").has("/api/traces/{traceID}")).isTrue();
          assertThat(doc.at("/paths/~1api~1traces/get/parameters").toString())
              .contains("minDuration");
          assertThat(doc.get("paths").has("/api/v3/traces")).isTrue();
          assertThat(doc.get("paths").has("/api/metrics/latencies")).isTrue();
          JsonNode link =
              doc.at(
                  "/paths/~1api~1dependencies/get/responses/200/content/application~1json"
                      + "/schema/properties/data/items/properties");
          assertThat(link.fieldNames())
              .toIterable()
              .containsExactly("parent", "child", "callCount", "errorCount");
        });
  }

  @Test
  void openApi_withoutTokens_documentsBearerAsOptional() {
    test(
        c -> {
          JsonNode doc = json(c.get("/api/openapi.json"));
          JsonNode scheme = doc.at("/components/securitySchemes/bearerAuth");
          assertThat(scheme.get("type").asText()).isEqualTo("http");
          assertThat(scheme.get("scheme").asText()).isEqualTo("bearer");
          // [{}, {bearerAuth: []}]: either no credentials or the bearer token.
          assertThat(doc.get("security").toString()).isEqualTo("[{},{\"bearerAuth\":[]}]");
          assertThat(doc.at("/paths/~1api~1traces/get/responses").has("401")).isFalse();
        });
  }

  @Test
  void openApi_withTokens_requiresBearerOnEveryRoute() {
    JavalinTest.test(
        app(QueryOptions.builder().bearerTokens(Set.of("s3cret"))),
        (server, c) -> {
          JsonNode doc =
              json(c.get("/api/openapi.json", r -> r.header("Authorization", "Bearer s3cret")));
          assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText())
              .isEqualTo("bearer");
          assertThat(doc.get("security").toString()).isEqualTo("[{\"bearerAuth\":[]}]");
          doc.get("paths")
              .forEach(
                  path ->
                      assertThat(path.at("/get/responses").has("401"))
                          .as("401 documented on %s", path)
                          .isTrue());
        });
  }

  @Test
  void requestLatency_recordedPerEndpoint() {
    test(
        c -> {
          c.get("/api/traces/" + T1);
          c.get("/api/traces/abc");
        });
    assertThat(
            registry
                .get("spanflow_query_http_requests")
                .tag("endpoint", "/api/traces/{traceID}")
                .tag("status", "200")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("spanflow_query_http_requests")
                .tag("endpoint", "/api/traces/{traceID}")
                .tag("status", "404")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void metrics_withoutReader_is501() {
    test(
        c ->
            assertError(
                c.get("/api/metrics/calls?service=frontend"),
                501,
                "metrics querying is currently disabled"));
  }

  /** A reader whose every call fails the same way. */
  private static final class DownReader implements SpanReader {
    private final RuntimeException failure;

    DownReader(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public Optional<List<Span>> getTrace(ByteString traceId) {
      throw failure;
    }

    @Override
    public List<String> getServices() {
      throw failure;
    }

    @Override
    public List<Operation> getOperations(OperationQuery query) {
      throw failure;
    }

    @Override
    public List<ByteString> findTraceIds(TraceQuery query) {
      throw failure;
    }
  }
}
