package io.spanflow.query.apiv3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.TestCase;
import io.spanflow.query.app.QueryApp;
import io.spanflow.query.app.QueryOptions;
import io.spanflow.query.app.QueryServices;
import io.spanflow.query.storage.SearchFixtures;
import io.spanflow.query.storage.memory.InMemorySpanStore;
import java.io.IOException;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The /api/v3 routes in Jaeger v2's OTLP JSON shape. */
class ApiV3Test {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String T1 = "000000000000123400000000000000a1";

  private static void test(TestCase body) {
    InMemorySpanStore store = new InMemorySpanStore().writeAll(SearchFixtures.all());
    JavalinTest.test(
        QueryApp.create(
            QueryServices.builder().spans(store).dependencies(store).build(),
            QueryOptions.builder().bindHost("127.0.0.1").build()),
        body);
  }

  private static JsonNode json(Response r) throws IOException {
    return JSON.readTree(r.body().string());
  }

  @Test
  void services_and_operations() {
    test(
        (server, c) -> {
          assertThat(json(c.get("/api/v3/services")).toString())
              .isEqualTo("{\"services\":[\"backend\",\"frontend\",\"mysql\"]}");
          assertThat(json(c.get("/api/v3/operations?service=frontend&span_kind=client")).toString())
              .isEqualTo(
                  "{\"operations\":[{\"name\":\"HTTP GET /customer\",\"spanKind\":\"client\"}]}");
        });
  }

  @Test
  void trace_isOtlpJson_groupedByResource() {
    test(
        (server, c) -> {
          Response r = c.get("/api/v3/traces/" + T1);
          assertThat(r.code()).isEqualTo(200);
          JsonNode result = json(r).get("result");
          JsonNode resources = result.get("resourceSpans");
          assertThat(resources).hasSize(2);
          assertThat(resources.at("/0/resource/attributes/0").toString())
              .isEqualTo("{\"key\":\"service.name\",\"value\":{\"stringValue\":\"frontend\"}}");
          JsonNode root = resources.at("/0/scopeSpans/0/spans/0");
          assertThat(root.get("traceId").asText()).isEqualTo(T1);
          assertThat(root.get("spanId").asText()).isEqualTo("0000000000000001");
          assertThat(root.has("parentSpanId")).isFalse();
          assertThat(root.get("kind").asInt()).isEqualTo(2);
          assertThat(root.get("startTimeUnixNano").asText()).isEqualTo("1795255200000000000");
          assertThat(root.get("endTimeUnixNano").asText()).isEqualTo("1795255200500000000");
          assertThat(root.get("attributes").toString())
              .isEqualTo("[{\"key\":\"http.method\",\"value\":{\"stringValue\":\"GET\"}}]");
          JsonNode backendSpan = resources.at("/1/scopeSpans/0/spans/0");
          assertThat(backendSpan.get("parentSpanId").asText()).isEqualTo("0000000000000002");
          assertThat(backendSpan.at("/events/0/name").asText()).isEqualTo("cache-miss");
          assertThat(backendSpan.get("links")).isEmpty();
        });
  }

  @Test
  void errorStatus_fromErrorTag() {
    test(
        (server, c) -> {
          JsonNode span =
              json(c.get("/api/v3/traces/000000000000123400000000000000a2"))
                  .at("/result/resourceSpans/0/scopeSpans/0/spans/0");
          assertThat(span.at("/status/code").asInt()).isEqualTo(2);
          assertThat(span.get("attributes").toString()).contains("\"intValue\":\"500\"");
        });
  }

  @Test
  void unknownTrace_is404_inGatewayErrorShape() {
    test(
        (server, c) -> {
          Response r = c.get("/api/v3/traces/abc");
          assertThat(r.code()).isEqualTo(404);
          assertThat(json(r).toString())
              .isEqualTo("{\"error\":{\"httpCode\":404,\"message\":\"trace not found\"}}");
        });
  }

  @Test
  void findTraces_needsTimeWindow_andFilters() {
    test(
        (server, c) -> {
          Response missing = c.get("/api/v3/traces?query.service_name=frontend");
          assertThat(missing.code()).isEqualTo(400);
          assertThat(json(missing).at("/error/message").asText())
              .isEqualTo("query.start_time_min and query.start_time_max are required");
          JsonNode found =
              json(
                  c.get(
                      "/api/v3/traces?query.service_name=backend"
                          + "&query.start_time_min=2026-11-21T09:00:00Z"
                          + "&query.start_time_max=2026-11-21T11:00:00Z"
                          + "&query.duration_min=1s"));
          assertThat(found.at("/result/resourceSpans")).hasSize(1);
          assertThat(found.at("/result/resourceSpans/0/scopeSpans/0/spans/0/name").asText())
              .isEqualTo("/route");
          Response bad =
              c.get(
                  "/api/v3/traces?query.service_name=x&query.start_time_min=yesterday"
                      + "&query.start_time_max=2026-11-21T11:00:00Z");
          assertThat(bad.code()).isEqualTo(400);
          assertThat(json(bad).at("/error/message").asText())
              .startsWith("malformed parameter query.start_time_min");
        });
  }
}
