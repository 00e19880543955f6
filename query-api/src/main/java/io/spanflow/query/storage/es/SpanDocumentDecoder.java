package io.spanflow.query.storage.es;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.convert.Times;
import io.spanflow.schemas.es.SpanDocumentMapper;
import io.spanflow.schemas.es.SpanFields;
import io.spanflow.schemas.es.TagValues;
import io.spanflow.schemas.ids.TraceIds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a span document straight from the parser into a {@link Span}, with the result {@link
 * SpanDocumentMapper#fromDocument} gives for the same JSON (our documents and Jaeger's, including
 * tags-as-fields), but without building a JSON tree first: a search returns thousands of hits, and
 * the tree was most of the query service's CPU time per search.
 */
final class SpanDocumentDecoder extends StdDeserializer<DecodedSpan> {

  SpanDocumentDecoder() {
    super(DecodedSpan.class);
  }

  @Override
  public DecodedSpan deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    return new DecodedSpan(read(p));
  }

  /** Reads one document; the parser is at its START_OBJECT and is left at its END_OBJECT. */
  static Span read(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT);
    Span.Builder span = Span.newBuilder();
    String traceId = null;
    String spanId = null;
    String parent = "";
    List<SpanRef> refs = new ArrayList<>();
    List<KeyValue> tags = List.of();
    List<KeyValue> tagFields = List.of();
    Process process = Process.getDefaultInstance();
    long startTime = 0;
    long duration = 0;
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (field) {
        case SpanFields.TRACE_ID -> traceId = textOrNull(p, t);
        case SpanFields.SPAN_ID -> spanId = textOrNull(p, t);
        case SpanFields.PARENT_SPAN_ID -> parent = asText(p, t, "");
        case SpanFields.OPERATION_NAME -> span.setOperationName(asText(p, t, ""));
        case SpanFields.FLAGS -> span.setFlags((int) asLong(p, t));
        case SpanFields.START_TIME -> startTime = asLong(p, t);
        case SpanFields.DURATION -> duration = asLong(p, t);
        case SpanFields.REFERENCES -> readReferences(p, t, refs);
        case SpanFields.TAGS -> tags = readKeyValues(p, t);
        case SpanFields.TAG -> tagFields = readTagFields(p, t);
        case SpanFields.LOGS -> readLogs(p, t, span);
        case SpanFields.PROCESS -> process = readProcess(p, t);
        case SpanFields.WARNINGS -> readWarnings(p, t, span);
        default -> p.skipChildren();
      }
    }
    if (traceId == null) {
      throw new IllegalArgumentException("missing " + SpanFields.TRACE_ID + " in span document");
    }
    if (spanId == null) {
      throw new IllegalArgumentException("missing " + SpanFields.SPAN_ID + " in span document");
    }
    ByteString trace = TraceIds.fromHex(traceId);
    span.setTraceId(trace)
        .setSpanId(TraceIds.spanIdFromHex(spanId))
        .setStartTime(Times.timestampFromMicros(startTime))
        .setDuration(Times.durationFromMicros(duration));
    if (!parent.isEmpty()) {
      SpanDocumentMapper.addParentIfMissing(refs, trace, TraceIds.spanIdFromHex(parent));
    }
    return span.addAllReferences(refs)
        .addAllTags(tags)
        .addAllTags(tagFields)
        .setProcess(process)
        .build();
  }

  private static void readReferences(JsonParser p, JsonToken t, List<SpanRef> refs)
      throws IOException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    while (nextElement(p)) {
      String refType = "";
      String traceId = null;
      String spanId = null;
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken v = p.nextToken();
        switch (field) {
          case SpanFields.REF_TYPE -> refType = asText(p, v, "");
          case SpanFields.TRACE_ID -> traceId = textOrNull(p, v);
          case SpanFields.SPAN_ID -> spanId = textOrNull(p, v);
          default -> p.skipChildren();
        }
      }
      SpanRefType type =
          switch (refType) {
            case "CHILD_OF" -> SpanRefType.CHILD_OF;
            case "FOLLOWS_FROM" -> SpanRefType.FOLLOWS_FROM;
            default -> throw new IllegalArgumentException("not a valid refType: " + refType);
          };
      if (traceId == null) {
        throw new IllegalArgumentException("missing " + SpanFields.TRACE_ID + " in span document");
      }
      if (spanId == null) {
        throw new IllegalArgumentException("missing " + SpanFields.SPAN_ID + " in span document");
      }
      refs.add(
          SpanRef.newBuilder()
              .setRefType(type)
              .setTraceId(TraceIds.fromHex(traceId))
              .setSpanId(TraceIds.spanIdFromHex(spanId))
              .build());
    }
  }

  private static void readLogs(JsonParser p, JsonToken t, Span.Builder span) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
      if (e != JsonToken.START_OBJECT) {
        p.skipChildren();
        span.addLogs(Log.newBuilder().setTimestamp(Times.timestampFromMicros(0)));
        continue;
      }
      long timestamp = 0;
      List<KeyValue> fields = List.of();
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken v = p.nextToken();
        switch (field) {
          case SpanFields.LOG_TIMESTAMP -> timestamp = asLong(p, v);
          case SpanFields.LOG_FIELDS -> fields = readKeyValues(p, v);
          default -> p.skipChildren();
        }
      }
      span.addLogs(
          Log.newBuilder().setTimestamp(Times.timestampFromMicros(timestamp)).addAllFields(fields));
    }
  }

  private static Process readProcess(JsonParser p, JsonToken t) throws IOException {
    Process.Builder process = Process.newBuilder();
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return process.build();
    }
    List<KeyValue> tags = List.of();
    List<KeyValue> tagFields = List.of();
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      switch (field) {
        case SpanFields.SERVICE_NAME -> process.setServiceName(asText(p, v, ""));
        case SpanFields.TAGS -> tags = readKeyValues(p, v);
        case SpanFields.TAG -> tagFields = readTagFields(p, v);
        default -> p.skipChildren();
      }
    }
    return process.addAllTags(tags).addAllTags(tagFields).build();
  }

  private static void readWarnings(JsonParser p, JsonToken t, Span.Builder span)
      throws IOException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    JsonToken v;
    while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
      span.addWarnings(asText(p, v, ""));
    }
  }

  private static List<KeyValue> readKeyValues(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return List.of();
    }
    List<KeyValue> out = new ArrayList<>();
    while (nextElement(p)) {
      String key = "";
      String type = "string";
      String value = null;
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken v = p.nextToken();
        switch (field) {
          case SpanFields.KEY -> key = asText(p, v, "");
          case SpanFields.TYPE -> type = asText(p, v, "string");
          case SpanFields.VALUE -> value = v == JsonToken.VALUE_NULL ? null : asText(p, v, "");
          default -> p.skipChildren();
        }
      }
      if (value == null) {
        throw new IllegalArgumentException("tag without value: " + key);
      }
      out.add(parseKeyValue(key, type, value));
    }
    return out;
  }

  /** Tags-as-fields ({@code "tag": {"http@method": "GET"}}), typed from the JSON value. */
  private static List<KeyValue> readTagFields(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return List.of();
    }
    List<KeyValue> out = new ArrayList<>();
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      KeyValue.Builder kv =
          KeyValue.newBuilder().setKey(field.replace(SpanFields.DEFAULT_TAG_DOT_REPLACEMENT, "."));
      switch (v) {
        case VALUE_TRUE, VALUE_FALSE -> kv.setVType(ValueType.BOOL).setVBool(p.getBooleanValue());
        case VALUE_NUMBER_INT -> kv.setVType(ValueType.INT64).setVInt64(p.getLongValue());
        case VALUE_NUMBER_FLOAT -> kv.setVType(ValueType.FLOAT64).setVFloat64(p.getDoubleValue());
        default -> kv.setVType(ValueType.STRING).setVStr(asText(p, v, ""));
      }
      out.add(kv.build());
    }
    return out;
  }

  /** The ES layout's key/value encoding: every value a string next to its type name. */
  static KeyValue parseKeyValue(String key, String typeName, String value) {
    return TagValues.parse(key, typeName, value);
  }

  /** Next object of an array; false at its end; anything but an object cannot be read. */
  private static boolean nextElement(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.END_ARRAY) {
      return false;
    }
    if (t != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("span document: expected an object, got " + t);
    }
    return true;
  }

  private static String textOrNull(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  /** {@link JsonNode#asText(String)} of the current value, without building the node. */
  private static String asText(JsonParser p, JsonToken t, String missing) throws IOException {
    return switch (t) {
      case VALUE_STRING -> p.getText();
      case VALUE_NULL -> missing;
      case START_OBJECT, START_ARRAY -> {
        p.skipChildren();
        yield "";
      }
      // Numbers and booleans: as their tree node would print them.
      default -> ((JsonNode) p.readValueAsTree()).asText(missing);
    };
  }

  /** {@link JsonNode#asLong(long)} with 0 as default, without building the node. */
  private static long asLong(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_NUMBER_INT -> p.getLongValue();
      case VALUE_NUMBER_FLOAT -> (long) p.getDoubleValue();
      case VALUE_STRING -> NumberInput.parseAsLong(p.getText(), 0);
      case VALUE_TRUE -> 1;
      case START_OBJECT, START_ARRAY -> {
        p.skipChildren();
        yield 0;
      }
      default -> 0;
    };
  }

  private static void expect(JsonParser p, JsonToken token) throws IOException {
    JsonToken t = p.currentToken();
    if (t != token) {
      throw new IllegalArgumentException("span document: expected " + token + ", got " + t);
    }
  }
}
