package io.spanflow.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.ValueType;
import java.util.List;

/** Small lookups for asserting on received spans. */
final class SpanAssertions {
  private SpanAssertions() {}

  static Span byOperation(List<Span> spans, String operation) {
    return spans.stream()
        .filter(s -> s.getOperationName().equals(operation))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span named " + operation + " in " + spans));
  }

  static KeyValue tag(List<KeyValue> tags, String key) {
    return tags.stream()
        .filter(t -> t.getKey().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no tag " + key + " in " + tags));
  }

  static void assertTag(List<KeyValue> tags, String key, ValueType type, Object value) {
    KeyValue tag = tag(tags, key);
    assertThat(tag.getVType()).as("type of tag %s", key).isEqualTo(type);
    Object actual =
        switch (type) {
          case STRING -> tag.getVStr();
          case BOOL -> tag.getVBool();
          case INT64 -> tag.getVInt64();
          case FLOAT64 -> tag.getVFloat64();
          case BINARY -> tag.getVBinary().toByteArray();
          default -> throw new AssertionError("unexpected type " + type);
        };
    assertThat(actual).as("value of tag %s", key).isEqualTo(value);
  }
}
