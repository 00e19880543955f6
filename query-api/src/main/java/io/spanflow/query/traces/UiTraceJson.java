package io.spanflow.query.traces;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.query.storage.SpanFacts;
import io.spanflow.schemas.ids.TraceIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Jaeger UI's JSON model of a trace (Jaeger's {@code model/json}): {@code traceID}, {@code
 * spans[]} with {@code processID} pointing into {@code processes{p1: {serviceName, tags}}}, and
 * {@code warnings}. Spans must already carry process ids ({@code ProcessNumbering}).
 *
 * <p>Written straight to a {@link JsonGenerator}: a search response holds thousands of spans, and
 * building a JSON tree first cost as much as writing it.
 */
public final class UiTraceJson {

  /** Integers beyond this lose precision in JavaScript; Jaeger sends them as strings. */
  private static final long JS_MAX_SAFE_INTEGER = (1L << 53) - 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private UiTraceJson() {}

  /** The trace as a JSON tree (the same JSON {@link #write} writes). */
  public static ObjectNode trace(List<Span> spans) {
    try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
      write(buffer, spans);
      return MAPPER.readTree(buffer.asParser());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the trace as one JSON object. */
  public static void write(JsonGenerator g, List<Span> spans) throws IOException {
    g.writeStartObject();
    g.writeStringField("traceID", spans.isEmpty() ? "" : TraceIds.toHex(spans.get(0).getTraceId()));
    g.writeArrayFieldStart("spans");
    for (Span s : spans) {
      writeSpan(g, s);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("processes");
    Set<String> written = new HashSet<>();
    for (Span s : spans) {
      if (written.add(s.getProcessId())) {
        g.writeObjectFieldStart(s.getProcessId());
        g.writeStringField("serviceName", s.getProcess().getServiceName());
        g.writeFieldName("tags");
        writeKeyValues(g, s.getProcess().getTagsList());
        g.writeEndObject();
      }
    }
    g.writeEndObject();
    g.writeNullField("warnings");
    g.writeEndObject();
  }

  static void writeSpan(JsonGenerator g, Span s) throws IOException {
    g.writeStartObject();
    g.writeStringField("traceID", TraceIds.toHex(s.getTraceId()));
    g.writeStringField("spanID", TraceIds.spanIdToHex(s.getSpanId()));
    if (s.getFlags() != 0) {
      g.writeNumberField("flags", Integer.toUnsignedLong(s.getFlags()));
    }
    g.writeStringField("operationName", s.getOperationName());
    g.writeArrayFieldStart("references");
    for (io.spanflow.proto.jaeger.SpanRef ref : s.getReferencesList()) {
      g.writeStartObject();
      g.writeStringField(
          "refType", ref.getRefType() == SpanRefType.FOLLOWS_FROM ? "FOLLOWS_FROM" : "CHILD_OF");
      g.writeStringField("traceID", TraceIds.toHex(ref.getTraceId()));
      g.writeStringField("spanID", TraceIds.spanIdToHex(ref.getSpanId()));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("startTime", SpanFacts.startMicros(s));
    g.writeNumberField("duration", SpanFacts.durationMicros(s));
    g.writeFieldName("tags");
    writeKeyValues(g, s.getTagsList());
    g.writeArrayFieldStart("logs");
    for (Log log : s.getLogsList()) {
      g.writeStartObject();
      g.writeNumberField("timestamp", SpanFacts.micros(log.getTimestamp()));
      g.writeFieldName("fields");
      writeKeyValues(g, log.getFieldsList());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("processID", s.getProcessId());
    if (s.getWarningsCount() == 0) {
      g.writeNullField("warnings");
    } else {
      g.writeArrayFieldStart("warnings");
      for (String w : s.getWarningsList()) {
        g.writeString(w);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  static void writeKeyValues(JsonGenerator g, List<KeyValue> kvs) throws IOException {
    g.writeStartArray();
    for (KeyValue kv : kvs) {
      g.writeStartObject();
      g.writeStringField("key", kv.getKey());
      g.writeStringField("type", kv.getVType().name().toLowerCase(Locale.ROOT));
      g.writeFieldName("value");
      writeValue(g, kv);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeValue(JsonGenerator g, KeyValue kv) throws IOException {
    switch (kv.getVType()) {
      case STRING -> g.writeString(kv.getVStr());
      case BOOL -> g.writeBoolean(kv.getVBool());
      case INT64 -> {
        long v = kv.getVInt64();
        if (Math.abs(v) > JS_MAX_SAFE_INTEGER || v == Long.MIN_VALUE) {
          g.writeString(Long.toString(v));
        } else {
          g.writeNumber(v);
        }
      }
      case FLOAT64 -> g.writeNumber(kv.getVFloat64());
      case BINARY -> g.writeString(SpanFacts.base64(kv.getVBinary().toByteArray()));
      case UNRECOGNIZED -> g.writeNull();
    }
  }
}
