package io.spanflow.agent.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.ValueType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentTagsTest {
  private static final Map<String, String> ENV = Map.of("NODE_NAME", "node-7");

  @Test
  void parse_readsLiteralsEnvironmentAndDefaults() {
    AgentTags tags =
        AgentTags.parse(
            "zone = eu-1,node=${NODE_NAME:unknown},pod=${POD_NAME:no-pod},bare=${MISSING}",
            ENV::get);

    assertThat(tags.tags())
        .extracting(KeyValue::getKey, KeyValue::getVStr, KeyValue::getVType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("zone", "eu-1", ValueType.STRING),
            org.assertj.core.groups.Tuple.tuple("node", "node-7", ValueType.STRING),
            org.assertj.core.groups.Tuple.tuple("pod", "no-pod", ValueType.STRING),
            org.assertj.core.groups.Tuple.tuple("bare", "", ValueType.STRING));
  }

  @Test
  void parse_emptyMeansNone() {
    assertThat(AgentTags.parse("", ENV::get).isEmpty()).isTrue();
    assertThat(AgentTags.parse(null, ENV::get).isEmpty()).isTrue();
  }

  @Test
  void parse_rejectsEntryWithoutKey() {
    assertThatThrownBy(() -> AgentTags.parse("a=1,oops", ENV::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("oops");
  }

  @Test
  void apply_appendsToEveryProcessAndKeepsClientTags() {
    Process client =
        Process.newBuilder()
            .setServiceName("frontend")
            .addTags(KeyValue.newBuilder().setKey("hostname").setVStr("h1"))
            .build();
    Span a = Span.newBuilder().setOperationName("a").setProcess(client).build();
    Span b = Span.newBuilder().setOperationName("b").setProcess(client).build();

    List<Span> out = AgentTags.parse("zone=eu-1", ENV::get).apply(List.of(a, b));

    assertThat(out).hasSize(2);
    for (Span span : out) {
      assertThat(span.getProcess().getServiceName()).isEqualTo("frontend");
      assertThat(span.getProcess().getTagsList())
          .extracting(KeyValue::getKey)
          .containsExactly("hostname", "zone");
    }
  }

  @Test
  void apply_withoutTagsReturnsSameList() {
    List<Span> spans = List.of(Span.getDefaultInstance());
    assertThat(AgentTags.none().apply(spans)).isSameAs(spans);
  }
}
