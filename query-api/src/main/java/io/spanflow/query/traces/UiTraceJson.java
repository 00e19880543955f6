package io.spanflow.query.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.query.storage.SpanFacts;
import io.spanflow.schemas.ids.TraceIds;
import java.util.List;
import java.util.Locale;

/**
 * The Jaeger UI's JSON model of a trace (Jaeger's {@code model/json}): {@code traceID}, {@code
 * spans[]} with {@code processID} pointing into {@code processes{p1: {serviceName, tags}}}, and
 * {@code warnings}. Spans must already carry process ids ({@code ProcessNumbering}).
 */
public final class UiTraceJson {

  /** Integers beyond this lose precision in JavaScript; Jaeger sends them as strings. */
  private static final long JS_MAX_SAFE_INTEGER = (1L << 53) - 1;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private UiTraceJson() {}

  public static ObjectNode trace(List<Span> spans) {
    ObjectNode trace = JSON.objectNode();
    trace.put("traceID", spans.isEmpty() ? "" : TraceIds.toHex(spans.get(0).getTraceId()));
    ArrayNode spanArray = trace.putArray("spans");
    ObjectNode processes = JSON.objectNode();
    for (Span s : spans) {
      spanArray.add(span(s));
      if (!processes.has(s.getProcessId())) {
        ObjectNode p = processes.putObject(s.getProcessId());
        p.put("serviceName", s.getProcess().getServiceName());
        p.set("tags", keyValues(s.getProcess().getTagsList()));
      }
    }
    trace.set("processes", processes);
    trace.putNull("warnings");
    return trace;
  }

  static ObjectNode span(Span s) {
    ObjectNode span = JSON.objectNode();
    span.put("traceID", TraceIds.toHex(s.getTraceId()));
    span.put("spanID", TraceIds.spanIdToHex(s.getSpanId()));
    if (s.getFlags() != 0) {
      span.put("flags", Integer.toUnsignedLong(s.getFlags()));
    }
    span.put("operationName", s.getOperationName());
    ArrayNode refs = span.putArray("references");
    for (SpanRef ref : s.getReferencesList()) {
      ObjectNode r = refs.addObject();
      r.put("refType", ref.getRefType() == SpanRefType.FOLLOWS_FROM ? "FOLLOWS_FROM" : "CHILD_OF");
      r.put("traceID", TraceIds.toHex(ref.getTraceId()));
      r.put("spanID", TraceIds.spanIdToHex(ref.getSpanId()));
    }
    span.put("startTime", SpanFacts.startMicros(s));
    span.put("duration", SpanFacts.durationMicros(s));
    span.set("tags", keyValues(s.getTagsList()));
    ArrayNode logs = span.putArray("logs");
    for (Log log : s.getLogsList()) {
      ObjectNode l = logs.addObject();
      l.put("timestamp", SpanFacts.micros(log.getTimestamp()));
      l.set("fields", keyValues(log.getFieldsList()));
    }
    span.put("processID", s.getProcessId());
    if (s.getWarningsCount() == 0) {
      span.putNull("warnings");
    } else {
      ArrayNode w = span.putArray("warnings");
      s.getWarningsList().forEach(w::add);
    }
    return span;
  }

  static ArrayNode keyValues(List<KeyValue> kvs) {
    ArrayNode out = JSON.arrayNode();
    for (KeyValue kv : kvs) {
      ObjectNode o = out.addObject();
      o.put("key", kv.getKey());
      o.put("type", kv.getVType().name().toLowerCase(Locale.ROOT));
      o.set("value", value(kv));
    }
    return out;
  }

  private static JsonNode value(KeyValue kv) {
    return switch (kv.getVType()) {
      case STRING -> JSON.textNode(kv.getVStr());
      case BOOL -> JSON.booleanNode(kv.getVBool());
      case INT64 ->
          Math.abs(kv.getVInt64()) > JS_MAX_SAFE_INTEGER || kv.getVInt64() == Long.MIN_VALUE
              ? JSON.textNode(Long.toString(kv.getVInt64()))
              : JSON.numberNode(kv.getVInt64());
      case FLOAT64 -> JSON.numberNode(kv.getVFloat64());
      case BINARY -> JSON.textNode(SpanFacts.base64(kv.getVBinary().toByteArray()));
      case UNRECOGNIZED -> JSON.nullNode();
    };
  }
}
