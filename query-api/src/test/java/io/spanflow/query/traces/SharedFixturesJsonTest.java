package io.spanflow.query.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.JavalinTest;
import io.spanflow.query.app.QueryApp;
import io.spanflow.query.app.QueryOptions;
import io.spanflow.query.app.QueryServices;
import io.spanflow.query.storage.memory.InMemorySpanStore;
import io.spanflow.schemas.fixtures.TestTraces;
import io.spanflow.schemas.ids.TraceIds;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shared fixture traces through the v1 API, compared with reviewed golden files (the ES
 * integration test compares its output with the same files).
 */
class SharedFixturesJsonTest {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Golden file of each fixture trace: path under the test resources. */
  static final String TWO_SERVICE = "/expected/shared-two-service-trace.json";

  static final String ZIPKIN_SHARED = "/expected/shared-zipkin-shared-span-trace.json";
  static final String ALL_TYPES = "/expected/shared-all-types-trace.json";

  static JsonNode golden(String resource, JsonNode actual) throws Exception {
    try (InputStream in = SharedFixturesJsonTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        Path file = Path.of("src/test/resources" + resource);
        Files.createDirectories(file.getParent());
        Files.writeString(
            file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
        throw new AssertionError("wrote a new golden file " + file + "; review it and rerun");
      }
      return JSON.readTree(in);
    }
  }

  @Test
  void sharedFixtures_matchGoldenFiles() {
    InMemorySpanStore store = new InMemorySpanStore().writeAll(SharedFixtureTraces.small());
    JavalinTest.test(
        QueryApp.create(
            QueryServices.builder()
                .spans(store)
                .dependencies(store)
                .clock(Clock.fixed(SharedFixtureTraces.NOW, ZoneOffset.UTC))
                .build(),
            QueryOptions.builder().bindHost("127.0.0.1").build()),
        (server, c) -> {
          String twoBody =
              c.get("/api/traces/" + TraceIds.toHex(TestTraces.TWO_SERVICE_TRACE_ID))
                  .body()
                  .string();
          String zipkinBody =
              c.get("/api/traces/" + TraceIds.toHex(TestTraces.ZIPKIN_SHARED_TRACE_ID))
                  .body()
                  .string();
          String allBody =
              c.get("/api/traces/" + TraceIds.toHex(TestTraces.ALL_TYPES_TRACE_ID)).body().string();
          JsonNode two = JSON.readTree(twoBody);
          JsonNode zipkin = JSON.readTree(zipkinBody);
          JsonNode all = JSON.readTree(allBody);
          assertThat(two).isEqualTo(golden(TWO_SERVICE, two));
          assertThat(zipkin).isEqualTo(golden(ZIPKIN_SHARED, zipkin));
          assertThat(all).isEqualTo(golden(ALL_TYPES, all));
          // Byte for byte: the streamed response is the golden file written compactly, in its
          // field order and number forms.
          assertThat(twoBody).isEqualTo(JSON.writeValueAsString(golden(TWO_SERVICE, two)));
          assertThat(zipkinBody).isEqualTo(JSON.writeValueAsString(golden(ZIPKIN_SHARED, zipkin)));
          assertThat(allBody).isEqualTo(JSON.writeValueAsString(golden(ALL_TYPES, all)));

          // Semantics the golden files must show, checked independently of them:
          Set<String> ids = new HashSet<>();
          zipkin.at("/data/0/spans").forEach(s -> ids.add(s.get("spanID").asText()));
          assertThat(ids).hasSize(zipkin.at("/data/0/spans").size());
          assertThat(two.at("/data/0/processes").size()).isEqualTo(2);
        });
  }
}
