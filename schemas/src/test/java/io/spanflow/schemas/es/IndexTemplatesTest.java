package io.spanflow.schemas.es;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IndexTemplatesTest {

  @ParameterizedTest
  @EnumSource(IndexFamily.class)
  void render_appliesPrefixShardsReplicas(IndexFamily family) {
    JsonNode t = IndexTemplates.render(family, new IndexTemplates.Options("prod", 2, 0, 5, false));

    assertThat(t.get("index_patterns").get(0).asText())
        .isEqualTo("prod-" + family.baseName() + "-*");
    assertThat(t.get("priority").asInt()).isEqualTo(5);
    assertThat(t.get("version").asLong()).isPositive().isEqualTo(IndexTemplates.version(family));
    JsonNode settings = t.get("template").get("settings");
    assertThat(settings.get("index.number_of_shards").asInt()).isEqualTo(2);
    assertThat(settings.get("index.number_of_replicas").asInt()).isZero();
    assertThat(t.get("template").has("aliases")).isFalse();
    assertThat(IndexTemplates.templateName(family, "prod")).isEqualTo("prod-" + family.baseName());
  }

  @Test
  void spanTemplate_hasJaegersFieldTypes() {
    JsonNode p =
        IndexTemplates.render(IndexFamily.SPAN, IndexTemplates.Options.defaults())
            .get("template")
            .get("mappings")
            .get("properties");

    for (String id : new String[] {"traceID", "spanID", "parentSpanID", "operationName"}) {
      assertThat(p.get(id).get("type").asText()).isEqualTo("keyword");
      assertThat(p.get(id).get("ignore_above").asInt()).isEqualTo(256);
    }
    assertThat(p.get("startTime").get("type").asText()).isEqualTo("long");
    assertThat(p.get("startTimeMillis").get("type").asText()).isEqualTo("date");
    assertThat(p.get("startTimeMillis").get("format").asText()).isEqualTo("epoch_millis");
    assertThat(p.get("duration").get("type").asText()).isEqualTo("long");
    for (String nested : new String[] {"tags", "logs", "references"}) {
      assertThat(p.get(nested).get("type").asText()).isEqualTo("nested");
    }
    assertThat(p.get("logs").get("properties").get("fields").get("type").asText())
        .isEqualTo("nested");
    assertThat(p.get("process").get("properties").get("tags").get("type").asText())
        .isEqualTo("nested");
  }

  @Test
  void render_inRolloverModeAddsTheReadAlias() {
    JsonNode t =
        IndexTemplates.render(IndexFamily.SPAN, new IndexTemplates.Options("", 1, 0, 0, true));

    assertThat(t.get("template").get("aliases").has("jaeger-span-read")).isTrue();
  }
}
