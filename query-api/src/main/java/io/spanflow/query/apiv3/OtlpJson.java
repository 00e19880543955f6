package io.spanflow.query.apiv3;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.query.storage.SpanFacts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jaeger spans as OTLP JSON ({@code TracesData}): hex ids, nanosecond times as strings, enums as
 * numbers, one resource per distinct process. Jaeger's conventional tags ({@code span.kind}, {@code
 * otel.status_code}, {@code error}, {@code w3c.tracestate}, {@code otel.scope.*}) become the OTLP
 * fields they stand for rather than attributes.
 */
final class OtlpJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Set<String> MAPPED_TAGS =
      Set.of(
          "span.kind",
          "otel.status_code",
          "otel.status_description",
          "error",
          "w3c.tracestate",
          "otel.scope.name",
          "otel.scope.version",
          "otel.library.name",
          "otel.library.version");

  private OtlpJson() {}

  static ObjectNode tracesData(List<Span> spans) {
    Map<Process, Map<List<String>, ArrayNode>> byResource = new LinkedHashMap<>();
    for (Span s : spans) {
      List<String> scope =
          List.of(
              tag(s, "otel.scope.name", "otel.library.name"),
              tag(s, "otel.scope.version", "otel.library.version"));
      byResource
          .computeIfAbsent(s.getProcess(), p -> new LinkedHashMap<>())
          .computeIfAbsent(scope, k -> JSON.arrayNode())
          .add(span(s));
    }
    ObjectNode data = JSON.objectNode();
    ArrayNode resourceSpans = data.putArray("resourceSpans");
    byResource.forEach(
        (process, scopes) -> {
          ObjectNode rs = resourceSpans.addObject();
          ArrayNode attrs = rs.putObject("resource").putArray("attributes");
          attrs.add(
              attribute(
                  "service.name", JSON.objectNode().put("stringValue", process.getServiceName())));
          process.getTagsList().forEach(kv -> attrs.add(attribute(kv)));
          ArrayNode scopeSpans = rs.putArray("scopeSpans");
          scopes.forEach(
              (scope, spanArray) -> {
                ObjectNode ss = scopeSpans.addObject();
                ObjectNode sc = ss.putObject("scope");
                if (!scope.get(0).isEmpty()) {
                  sc.put("name", scope.get(0));
                }
                if (!scope.get(1).isEmpty()) {
                  sc.put("version", scope.get(1));
                }
                ss.set("spans", spanArray);
              });
        });
    return data;
  }

  private static ObjectNode span(Span s) {
    ObjectNode o = JSON.objectNode();
    o.put("traceId", hex(s.getTraceId().toByteArray(), 16));
    o.put("spanId", hex(s.getSpanId().toByteArray(), 8));
    String traceState = tag(s, "w3c.tracestate", null);
    if (!traceState.isEmpty()) {
      o.put("traceState", traceState);
    }
    SpanFacts.parentSpanId(s).ifPresent(p -> o.put("parentSpanId", hex(p.toByteArray(), 8)));
    o.put("name", s.getOperationName());
    o.put("kind", kind(SpanFacts.spanKind(s)));
    long start = SpanFacts.startMicros(s);
    o.put("startTimeUnixNano", Long.toString(start * 1_000));
    o.put("endTimeUnixNano", Long.toString((start + SpanFacts.durationMicros(s)) * 1_000));
    ArrayNode attrs = o.putArray("attributes");
    for (KeyValue kv : s.getTagsList()) {
      if (!MAPPED_TAGS.contains(kv.getKey())) {
        attrs.add(attribute(kv));
      }
    }
    ArrayNode events = o.putArray("events");
    for (Log log : s.getLogsList()) {
      ObjectNode e = events.addObject();
      e.put("timeUnixNano", Long.toString(SpanFacts.micros(log.getTimestamp()) * 1_000));
      String name = "";
      ArrayNode eAttrs = JSON.arrayNode();
      for (KeyValue kv : log.getFieldsList()) {
        if (kv.getKey().equals("event") && kv.getVType() == ValueType.STRING && name.isEmpty()) {
          name = kv.getVStr();
        } else {
          eAttrs.add(attribute(kv));
        }
      }
      if (!name.isEmpty()) {
        e.put("name", name);
      }
      e.set("attributes", eAttrs);
    }
    ArrayNode links = o.putArray("links");
    ParentReference parent = new ParentReference(SpanFacts.parentSpanId(s).orElse(null));
    for (SpanRef ref : s.getReferencesList()) {
      if (parent.consumeIfMatches(ref, s)) {
        continue;
      }
      links
          .addObject()
          .put("traceId", hex(ref.getTraceId().toByteArray(), 16))
          .put("spanId", hex(ref.getSpanId().toByteArray(), 8));
    }
    ObjectNode status = o.putObject("status");
    String code = tag(s, "otel.status_code", null);
    boolean error =
        s.getTagsList().stream()
            .anyMatch(
                kv -> kv.getKey().equals("error") && SpanFacts.valueAsString(kv).equals("true"));
    if (code.equals("ERROR") || error) {
      status.put("code", 2);
    } else if (code.equals("OK")) {
      status.put("code", 1);
    }
    String description = tag(s, "otel.status_description", null);
    if (!description.isEmpty()) {
      status.put("message", description);
    }
    return o;
  }

  /** The parent reference becomes parentSpanId, so it is left out of the links exactly once. */
  private static final class ParentReference {
    private com.google.protobuf.ByteString parent;

    ParentReference(com.google.protobuf.ByteString parent) {
      this.parent = parent;
    }

    boolean consumeIfMatches(SpanRef ref, Span s) {
      if (parent != null
          && ref.getRefType() == io.spanflow.proto.jaeger.SpanRefType.CHILD_OF
          && ref.getTraceId().equals(s.getTraceId())
          && ref.getSpanId().equals(parent)) {
        parent = null;
        return true;
      }
      return false;
    }
  }

  private static int kind(String jaegerKind) {
    return switch (jaegerKind) {
      case "internal" -> 1;
      case "server" -> 2;
      case "client" -> 3;
      case "producer" -> 4;
      case "consumer" -> 5;
      default -> 0;
    };
  }

  private static String tag(Span s, String key, String fallbackKey) {
    for (KeyValue kv : s.getTagsList()) {
      if (kv.getKey().equals(key) || kv.getKey().equals(fallbackKey)) {
        return SpanFacts.valueAsString(kv);
      }
    }
    return "";
  }

  private static ObjectNode attribute(KeyValue kv) {
    ObjectNode v = JSON.objectNode();
    switch (kv.getVType()) {
      case BOOL -> v.put("boolValue", kv.getVBool());
      case INT64 -> v.put("intValue", Long.toString(kv.getVInt64()));
      case FLOAT64 -> v.put("doubleValue", kv.getVFloat64());
      case BINARY -> v.put("bytesValue", SpanFacts.base64(kv.getVBinary().toByteArray()));
      default -> v.put("stringValue", kv.getVStr());
    }
    return attribute(kv.getKey(), v);
  }

  private static ObjectNode attribute(String key, ObjectNode value) {
    ObjectNode a = JSON.objectNode();
    a.put("key", key);
    a.set("value", value);
    return a;
  }

  static String hex(byte[] id, int size) {
    byte[] padded = new byte[size];
    int n = Math.min(id.length, size);
    System.arraycopy(id, id.length - n, padded, size - n, n);
    StringBuilder sb = new StringBuilder(size * 2);
    for (byte b : padded) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }
}
