package io.spanflow.schemas.es;

import static io.spanflow.schemas.es.SpanFields.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.ids.TraceIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Maps a jaeger.api_v2 {@link Span} to the JSON document Jaeger's Elasticsearch storage writes
 * ({@code dbmodel.Span} with the process embedded), and back.
 *
 * <pre>{@code
 * {"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"00f067aa0ba902b7",
 *  "parentSpanID":"a2fb4a1d1a96d312","flags":1,"operationName":"GET /",
 *  "references":[{"refType":"CHILD_OF","traceID":"...","spanID":"a2fb4a1d1a96d312"}],
 *  "startTime":1700000000000123,"startTimeMillis":1700000000000,"duration":1500,
 *  "tags":[{"key":"http.status_code","type":"int64","value":"200"}],"tag":{},
 *  "logs":[{"timestamp":1700000000000200,"fields":[{"key":"event","type":"string","value":"x"}]}],
 *  "process":{"serviceName":"frontend","tags":[...],"tag":{}}}
 * }</pre>
 *
 * <p>As in Jaeger: ids are lower-case hex (trace id 16 chars when its high half is zero, else 32;
 * span id 16); times in microseconds; {@code flags} omitted when 0; {@code parentSpanID} is the
 * first CHILD_OF reference in the same trace (omitted without one) while {@code references} keeps
 * every reference; tag values are strings ({@code binary} as hex). Deviations: floats are written
 * exactly (see {@code TagValues}), {@code tag} objects are written empty rather than left out, and
 * span {@code warnings} are kept (omitted when none). {@code fromDocument} also reads Jaeger
 * documents written with tags-as-fields ({@code tag}/{@code process.tag} objects, dots replaced by
 * {@code @}).
 *
 * <p>Thread-safe; all methods are static.
 */
public final class SpanDocumentMapper {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SpanDocumentMapper() {}

  /** The span as Jaeger's ES span document. */
  public static ObjectNode toDocument(Span span) {
    ObjectNode doc = NODES.objectNode();
    doc.put(TRACE_ID, TraceIds.toHex(span.getTraceId()));
    doc.put(SPAN_ID, TraceIds.spanIdToHex(span.getSpanId()));
    String parent = parentSpanId(span);
    if (parent != null) {
      doc.put(PARENT_SPAN_ID, parent);
    }
    if (span.getFlags() != 0) {
      doc.put(FLAGS, Integer.toUnsignedLong(span.getFlags()));
    }
    doc.put(OPERATION_NAME, span.getOperationName());
    ArrayNode refs = doc.putArray(REFERENCES);
    for (SpanRef ref : span.getReferencesList()) {
      refs.addObject()
          .put(REF_TYPE, refTypeName(ref.getRefType()))
          .put(TRACE_ID, TraceIds.toHex(ref.getTraceId()))
          .put(SPAN_ID, TraceIds.spanIdToHex(ref.getSpanId()));
    }
    long startMicros = micros(span.getStartTime());
    doc.put(START_TIME, startMicros);
    doc.put(START_TIME_MILLIS, Math.floorDiv(startMicros, 1000));
    doc.put(DURATION, micros(span.getDuration()));
    doc.set(TAGS, keyValues(span.getTagsList()));
    doc.putObject(TAG);
    ArrayNode logs = doc.putArray(LOGS);
    for (Log log : span.getLogsList()) {
      ObjectNode l = logs.addObject();
      l.put(LOG_TIMESTAMP, micros(log.getTimestamp()));
      l.set(LOG_FIELDS, keyValues(log.getFieldsList()));
    }
    ObjectNode process = doc.putObject(PROCESS);
    process.put(SERVICE_NAME, span.getProcess().getServiceName());
    process.set(TAGS, keyValues(span.getProcess().getTagsList()));
    process.putObject(TAG);
    if (span.getWarningsCount() > 0) {
      ArrayNode warnings = doc.putArray(WARNINGS);
      span.getWarningsList().forEach(warnings::add);
    }
    return doc;
  }

  /**
   * {@link #toDocument} as UTF-8 JSON bytes, the value of a {@code spanflow.spans.indexed} record.
   */
  public static byte[] toDocumentBytes(Span span) {
    try {
      return JSON.writeValueAsBytes(toDocument(span));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a tree of plain nodes", e);
    }
  }

  /**
   * Reads a span document (ours or one Jaeger wrote) back into a span.
   *
   * @throws IllegalArgumentException when an id, tag type or tag value cannot be read
   */
  public static Span fromDocument(JsonNode doc) {
    ByteString traceId = TraceIds.fromHex(requiredText(doc, TRACE_ID));
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(traceId)
            .setSpanId(TraceIds.spanIdFromHex(requiredText(doc, SPAN_ID)))
            .setOperationName(doc.path(OPERATION_NAME).asText(""))
            .setFlags((int) doc.path(FLAGS).asLong(0))
            .setStartTime(timestamp(doc.path(START_TIME).asLong(0)))
            .setDuration(duration(doc.path(DURATION).asLong(0)));

    List<SpanRef> refs = new ArrayList<>();
    for (JsonNode ref : doc.path(REFERENCES)) {
      refs.add(
          SpanRef.newBuilder()
              .setRefType(parseRefType(ref.path(REF_TYPE).asText()))
              .setTraceId(TraceIds.fromHex(requiredText(ref, TRACE_ID)))
              .setSpanId(TraceIds.spanIdFromHex(requiredText(ref, SPAN_ID)))
              .build());
    }
    String parent = doc.path(PARENT_SPAN_ID).asText("");
    if (!parent.isEmpty()) {
      addParentIfMissing(refs, traceId, TraceIds.spanIdFromHex(parent));
    }
    span.addAllReferences(refs);

    span.addAllTags(readKeyValues(doc.path(TAGS)));
    span.addAllTags(readTagFields(doc.path(TAG)));
    for (JsonNode log : doc.path(LOGS)) {
      span.addLogs(
          Log.newBuilder()
              .setTimestamp(timestamp(log.path(LOG_TIMESTAMP).asLong(0)))
              .addAllFields(readKeyValues(log.path(LOG_FIELDS))));
    }
    JsonNode process = doc.path(PROCESS);
    span.setProcess(
        Process.newBuilder()
            .setServiceName(process.path(SERVICE_NAME).asText(""))
            .addAllTags(readKeyValues(process.path(TAGS)))
            .addAllTags(readTagFields(process.path(TAG))));
    for (JsonNode warning : doc.path(WARNINGS)) {
      span.addWarnings(warning.asText());
    }
    return span.build();
  }

  /** {@link #fromDocument} from JSON bytes (an ES {@code _source} or a topic record value). */
  public static Span fromDocumentBytes(byte[] json) {
    try {
      return fromDocument(JSON.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON span document", e);
    }
  }

  /** Jaeger's Span.ParentSpanID(): the first CHILD_OF reference within the same trace. */
  static String parentSpanId(Span span) {
    for (SpanRef ref : span.getReferencesList()) {
      if (ref.getRefType() == SpanRefType.CHILD_OF
          && TraceIds.toHex(ref.getTraceId()).equals(TraceIds.toHex(span.getTraceId()))) {
        String id = TraceIds.spanIdToHex(ref.getSpanId());
        return "0000000000000000".equals(id) ? null : id;
      }
    }
    return null;
  }

  /** Jaeger's model.MaybeAddParentSpanID: the parent becomes the first reference if absent. */
  public static void addParentIfMissing(List<SpanRef> refs, ByteString traceId, ByteString parent) {
    if (parent.equals(TraceIds.spanIdFromHex("0"))) {
      return;
    }
    for (SpanRef ref : refs) {
      if (ref.getSpanId().equals(parent) && ref.getTraceId().equals(traceId)) {
        return;
      }
    }
    refs.add(
        0,
        SpanRef.newBuilder()
            .setRefType(SpanRefType.CHILD_OF)
            .setTraceId(traceId)
            .setSpanId(parent)
            .build());
  }

  private static ArrayNode keyValues(List<KeyValue> kvs) {
    ArrayNode out = NODES.arrayNode(kvs.size());
    for (KeyValue kv : kvs) {
      out.addObject()
          .put(KEY, kv.getKey())
          .put(TYPE, TagValues.typeName(kv.getVType()))
          .put(VALUE, TagValues.valueAsString(kv));
    }
    return out;
  }

  private static List<KeyValue> readKeyValues(JsonNode array) {
    List<KeyValue> out = new ArrayList<>(array.size());
    for (JsonNode kv : array) {
      JsonNode value = kv.get(VALUE);
      if (value == null || value.isNull()) {
        throw new IllegalArgumentException("tag without value: " + kv);
      }
      out.add(
          TagValues.parse(
              kv.path(KEY).asText(""),
              TagValues.parseType(kv.path(TYPE).asText("string")),
              value.asText()));
    }
    return out;
  }

  /** Tags-as-fields ({@code "tag": {"http@method": "GET"}}), typed from the JSON value. */
  private static List<KeyValue> readTagFields(JsonNode object) {
    List<KeyValue> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey().replace(DEFAULT_TAG_DOT_REPLACEMENT, ".");
      JsonNode v = field.getValue();
      KeyValue.Builder kv = KeyValue.newBuilder().setKey(key);
      if (v.isBoolean()) {
        kv.setVType(ValueType.BOOL).setVBool(v.booleanValue());
      } else if (v.isIntegralNumber()) {
        kv.setVType(ValueType.INT64).setVInt64(v.longValue());
      } else if (v.isNumber()) {
        kv.setVType(ValueType.FLOAT64).setVFloat64(v.doubleValue());
      } else {
        kv.setVType(ValueType.STRING).setVStr(v.asText());
      }
      out.add(kv.build());
    }
    return out;
  }

  private static String refTypeName(SpanRefType type) {
    return type == SpanRefType.FOLLOWS_FROM ? "FOLLOWS_FROM" : "CHILD_OF";
  }

  private static SpanRefType parseRefType(String name) {
    switch (name) {
      case "CHILD_OF":
        return SpanRefType.CHILD_OF;
      case "FOLLOWS_FROM":
        return SpanRefType.FOLLOWS_FROM;
      default:
        throw new IllegalArgumentException("not a valid refType: " + name);
    }
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("missing " + field + " in span document");
    }
    return value.textValue();
  }

  static long micros(Timestamp t) {
    return Math.addExact(Math.multiplyExact(t.getSeconds(), 1_000_000L), t.getNanos() / 1000);
  }

  static long micros(Duration d) {
    return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNanos() / 1000);
  }

  static Timestamp timestamp(long micros) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(micros, 1_000_000L))
        .setNanos((int) Math.floorMod(micros, 1_000_000L) * 1000)
        .build();
  }

  static Duration duration(long micros) {
    return Duration.newBuilder()
        .setSeconds(micros / 1_000_000L)
        .setNanos((int) (micros % 1_000_000L) * 1000)
        .build();
  }
}
