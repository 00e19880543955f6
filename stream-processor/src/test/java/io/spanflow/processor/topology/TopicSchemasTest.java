package io.spanflow.processor.topology;

import static io.spanflow.processor.testing.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.spanflow.processor.testing.TopologyHarness;
import io.spanflow.schemas.fixtures.TestTraces;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every derived record the topology writes matches the JSON Schema published in schemas/. */
class TopicSchemasTest {

  @TempDir Path stateDir;
  TopologyHarness h;

  @BeforeEach
  void start() {
    h = new TopologyHarness(stateDir);
    TestTraces.twoServiceTrace(T0).forEach(s -> h.send(s, T0));
    TestTraces.zipkinSharedSpanTrace(T0).forEach(s -> h.send(s, T0));
    TestTraces.allTypesTrace(T0).forEach(s -> h.send(s, T0));
    h.send(null, new byte[] {1, 2, 3}, T0);
    h.advanceWallClock(Duration.ofMinutes(1));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void spansIndexed() {
    List<byte[]> values = h.indexed.readValuesToList();
    assertThat(values).hasSizeGreaterThan(5);
    values.forEach(v -> assertValid("spans-indexed", TopologyHarness.json(v)));
  }

  @Test
  void serviceOperations() {
    assertAllValid("service-operations", h.readJson(h.serviceOperations));
  }

  @Test
  void dependencyLinks() {
    assertAllValid("dependency-links", h.readJson(h.dependencyLinks));
  }

  @Test
  void spanMetrics() {
    assertAllValid("span-metrics", h.readJson(h.spanMetrics));
  }

  @Test
  void dlqHeaders() {
    ObjectNode headers = JsonNodeFactory.instance.objectNode();
    for (Header header : h.dlq.readRecord().headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    assertValid("spans-dlq", headers);
  }

  @Test
  void dlqHeadersOfTheCollectorShareTheSchema() {
    // The collector writes per-span rejects to the same topic; it names the protocol instead.
    JsonNode collector =
        TopologyHarness.json(
            "{\"spanflow.dlq.reason\":\"span_too_large\",\"spanflow.dlq.detail\":\"span x\","
                + "\"spanflow.dlq.source.format\":\"zipkin\","
                + "\"spanflow.dlq.source.transport\":\"http\"}");
    assertValid("spans-dlq", collector);
  }

  @Test
  void schemasRejectWhatTheyShould() {
    JsonNode partial = TopologyHarness.json("{\"parent\":\"a\",\"child\":\"b\"}");
    assertThat(schema("dependency-links").validate(partial)).isNotEmpty();
    JsonNode noSource = TopologyHarness.json("{\"spanflow.dlq.reason\":\"undecodable\"}");
    assertThat(schema("spans-dlq").validate(noSource)).isNotEmpty();
    JsonNode unknownProcessorReason =
        TopologyHarness.json(
            "{\"spanflow.dlq.reason\":\"made_up\",\"spanflow.dlq.source.topic\":\"t\","
                + "\"spanflow.dlq.source.partition\":\"0\",\"spanflow.dlq.source.offset\":\"1\"}");
    assertThat(schema("spans-dlq").validate(unknownProcessorReason)).isNotEmpty();
  }

  private static void assertAllValid(String schema, List<JsonNode> records) {
    assertThat(records).isNotEmpty();
    records.forEach(r -> assertValid(schema, r));
  }

  private static void assertValid(String name, JsonNode record) {
    assertThat(schema(name).validate(record)).as("%s: %s", name, record).isEmpty();
  }

  private static JsonSchema schema(String name) {
    String resource = "/io/spanflow/schemas/topics/" + name + ".schema.json";
    try (InputStream in = TopicSchemasTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
