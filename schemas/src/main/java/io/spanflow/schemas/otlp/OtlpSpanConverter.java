package io.spanflow.schemas.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.convert.ConversionResult;
import io.spanflow.schemas.convert.ConversionResult.Rejected;
import io.spanflow.schemas.convert.Times;
import io.spanflow.schemas.ids.TraceIds;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Converts OTLP traces to {@code jaeger.api_v2} spans.
 *
 * <ul>
 *   <li>Resource {@code service.name} → process serviceName (default {@value #UNKNOWN_SERVICE});
 *       other resource attributes → process tags.
 *   <li>Attributes → typed tags (string, bool, int64, float64, binary); arrays and key-value lists
 *       → a string tag holding JSON.
 *   <li>Events → logs: field {@code event} = name, then the event's attributes.
 *   <li>Parent → leading CHILD_OF reference; links → FOLLOWS_FROM references (a link's attributes
 *       and trace state become a tag {@code otel.link.<span id>} with JSON, as refs cannot hold
 *       them).
 *   <li>Status → {@code otel.status_code} (OK / ERROR) plus {@code error=true} for ERROR, and
 *       {@code otel.status_description}; kind → {@code span.kind}; scope → {@code otel.scope.name}
 *       / {@code otel.scope.version} (scope attributes → {@code otel.scope.<key>}); trace state →
 *       {@code w3c.tracestate}; non-zero dropped counts → {@code otel.dropped_*_count} tags.
 * </ul>
 *
 * <p>Spans whose ids are of the wrong length or all zeros are rejected one by one.
 */
public final class OtlpSpanConverter {

  /** Service name of resources without {@code service.name}. */
  public static final String UNKNOWN_SERVICE = "unknown_service";

  private static final JsonFactory JSON = new JsonFactory();

  private OtlpSpanConverter() {}

  /** Converts one resource's spans; rejected spans are left out (see {@link #convert}). */
  public static List<Span> toJaeger(ResourceSpans resourceSpans) {
    return convert(resourceSpans).spans();
  }

  /** Converts a whole export request; rejected spans are left out (see {@link #convert}). */
  public static List<Span> toJaeger(ExportTraceServiceRequest request) {
    return convert(request).spans();
  }

  /** Converts a whole export request, reporting spans rejected one by one. */
  public static ConversionResult convert(ExportTraceServiceRequest request) {
    List<Span> spans = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>(0);
    for (ResourceSpans rs : request.getResourceSpansList()) {
      convertInto(rs, spans, rejected);
    }
    return new ConversionResult(spans, rejected);
  }

  /** Converts one resource's spans, reporting spans rejected one by one. */
  public static ConversionResult convert(ResourceSpans resourceSpans) {
    List<Span> spans = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>(0);
    convertInto(resourceSpans, spans, rejected);
    return new ConversionResult(spans, rejected);
  }

  private static void convertInto(ResourceSpans rs, List<Span> spans, List<Rejected> rejected) {
    Process process = process(rs.getResource());
    for (ScopeSpans ss : rs.getScopeSpansList()) {
      List<KeyValue> scopeTags = scopeTags(ss.getScope());
      for (io.opentelemetry.proto.trace.v1.Span span : ss.getSpansList()) {
        String problem = idProblem(span);
        if (problem != null) {
          rejected.add(new Rejected(problem, describe(span) + ": " + problem.replace('_', ' ')));
          continue;
        }
        spans.add(convertSpan(span, process, scopeTags));
      }
    }
  }

  private static String idProblem(io.opentelemetry.proto.trace.v1.Span span) {
    if (span.getTraceId().size() != TraceIds.TRACE_ID_LENGTH || allZero(span.getTraceId())) {
      return "invalid_trace_id";
    }
    if (span.getSpanId().size() != TraceIds.SPAN_ID_LENGTH || allZero(span.getSpanId())) {
      return "invalid_span_id";
    }
    int parent = span.getParentSpanId().size();
    if (parent != 0 && parent != TraceIds.SPAN_ID_LENGTH) {
      return "invalid_parent_span_id";
    }
    return null;
  }

  private static String describe(io.opentelemetry.proto.trace.v1.Span span) {
    return "span \""
        + span.getName()
        + "\" trace_id="
        + TraceIds.bytesHex(span.getTraceId())
        + " ("
        + span.getTraceId().size()
        + " bytes) span_id="
        + TraceIds.bytesHex(span.getSpanId())
        + " ("
        + span.getSpanId().size()
        + " bytes)";
  }

  private static Span convertSpan(
      io.opentelemetry.proto.trace.v1.Span span, Process process, List<KeyValue> scopeTags) {
    Span.Builder out =
        Span.newBuilder()
            .setTraceId(span.getTraceId())
            .setSpanId(span.getSpanId())
            .setOperationName(span.getName())
            .setFlags(1) // exported spans are sampled ones
            .setStartTime(Times.timestampFromNanos(span.getStartTimeUnixNano()))
            .setDuration(
                Times.durationFromNanos(span.getEndTimeUnixNano() - span.getStartTimeUnixNano()))
            .setProcess(process);
    if (!span.getParentSpanId().isEmpty() && !allZero(span.getParentSpanId())) {
      out.addReferences(
          SpanRef.newBuilder()
              .setTraceId(span.getTraceId())
              .setSpanId(span.getParentSpanId())
              .setRefType(SpanRefType.CHILD_OF));
    }
    for (io.opentelemetry.proto.trace.v1.Span.Link link : span.getLinksList()) {
      if (link.getTraceId().size() != TraceIds.TRACE_ID_LENGTH
          || link.getSpanId().size() != TraceIds.SPAN_ID_LENGTH) {
        out.addWarnings(
            "link to trace_id="
                + TraceIds.bytesHex(link.getTraceId())
                + " span_id="
                + TraceIds.bytesHex(link.getSpanId())
                + " dropped: ids of the wrong length");
        continue;
      }
      out.addReferences(
          SpanRef.newBuilder()
              .setTraceId(link.getTraceId())
              .setSpanId(link.getSpanId())
              .setRefType(SpanRefType.FOLLOWS_FROM));
      if (link.getAttributesCount() > 0 || !link.getTraceState().isEmpty()) {
        out.addTags(string("otel.link." + TraceIds.bytesHex(link.getSpanId()), linkJson(link)));
      }
    }
    for (io.opentelemetry.proto.common.v1.KeyValue attribute : span.getAttributesList()) {
      out.addTags(tag(attribute.getKey(), attribute.getValue()));
    }
    String kind = kind(span.getKind());
    if (kind != null) {
      out.addTags(string("span.kind", kind));
    }
    Status status = span.getStatus();
    if (status.getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
      out.addTags(string("otel.status_code", "ERROR"));
      out.addTags(bool("error", true));
    } else if (status.getCode() == Status.StatusCode.STATUS_CODE_OK) {
      out.addTags(string("otel.status_code", "OK"));
    }
    if (!status.getMessage().isEmpty()) {
      out.addTags(string("otel.status_description", status.getMessage()));
    }
    if (!span.getTraceState().isEmpty()) {
      out.addTags(string("w3c.tracestate", span.getTraceState()));
    }
    out.addAllTags(scopeTags);
    if (span.getDroppedAttributesCount() > 0) {
      out.addTags(int64("otel.dropped_attributes_count", span.getDroppedAttributesCount()));
    }
    if (span.getDroppedEventsCount() > 0) {
      out.addTags(int64("otel.dropped_events_count", span.getDroppedEventsCount()));
    }
    if (span.getDroppedLinksCount() > 0) {
      out.addTags(int64("otel.dropped_links_count", span.getDroppedLinksCount()));
    }
    for (io.opentelemetry.proto.trace.v1.Span.Event event : span.getEventsList()) {
      Log.Builder log =
          Log.newBuilder()
              .setTimestamp(Times.timestampFromNanos(event.getTimeUnixNano()))
              .addFields(string("event", event.getName()));
      for (io.opentelemetry.proto.common.v1.KeyValue attribute : event.getAttributesList()) {
        log.addFields(tag(attribute.getKey(), attribute.getValue()));
      }
      if (event.getDroppedAttributesCount() > 0) {
        log.addFields(int64("otel.dropped_attributes_count", event.getDroppedAttributesCount()));
      }
      out.addLogs(log);
    }
    return out.build();
  }

  private static Process process(Resource resource) {
    Process.Builder process = Process.newBuilder().setServiceName(UNKNOWN_SERVICE);
    for (io.opentelemetry.proto.common.v1.KeyValue attribute : resource.getAttributesList()) {
      if (attribute.getKey().equals("service.name")
          && attribute.getValue().getValueCase() == AnyValue.ValueCase.STRING_VALUE
          && !attribute.getValue().getStringValue().isEmpty()) {
        process.setServiceName(attribute.getValue().getStringValue());
      } else {
        process.addTags(tag(attribute.getKey(), attribute.getValue()));
      }
    }
    if (resource.getDroppedAttributesCount() > 0) {
      process.addTags(int64("otel.dropped_attributes_count", resource.getDroppedAttributesCount()));
    }
    return process.build();
  }

  private static List<KeyValue> scopeTags(InstrumentationScope scope) {
    List<KeyValue> tags = new ArrayList<>(2);
    if (!scope.getName().isEmpty()) {
      tags.add(string("otel.scope.name", scope.getName()));
    }
    if (!scope.getVersion().isEmpty()) {
      tags.add(string("otel.scope.version", scope.getVersion()));
    }
    for (io.opentelemetry.proto.common.v1.KeyValue attribute : scope.getAttributesList()) {
      tags.add(tag("otel.scope." + attribute.getKey(), attribute.getValue()));
    }
    return List.copyOf(tags);
  }

  private static String kind(io.opentelemetry.proto.trace.v1.Span.SpanKind kind) {
    return switch (kind) {
      case SPAN_KIND_INTERNAL -> "internal";
      case SPAN_KIND_SERVER -> "server";
      case SPAN_KIND_CLIENT -> "client";
      case SPAN_KIND_PRODUCER -> "producer";
      case SPAN_KIND_CONSUMER -> "consumer";
      default -> null;
    };
  }

  /** One attribute as a typed tag; arrays and maps as JSON text. */
  static KeyValue tag(String key, AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> string(key, value.getStringValue());
      case BOOL_VALUE -> bool(key, value.getBoolValue());
      case INT_VALUE -> int64(key, value.getIntValue());
      case DOUBLE_VALUE ->
          KeyValue.newBuilder()
              .setKey(key)
              .setVType(ValueType.FLOAT64)
              .setVFloat64(value.getDoubleValue())
              .build();
      case BYTES_VALUE ->
          KeyValue.newBuilder()
              .setKey(key)
              .setVType(ValueType.BINARY)
              .setVBinary(value.getBytesValue())
              .build();
      case ARRAY_VALUE, KVLIST_VALUE -> string(key, json(value));
      case VALUE_NOT_SET -> string(key, "");
      default -> string(key, json(value));
    };
  }

  private static String json(AnyValue value) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      writeJson(json, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static String linkJson(io.opentelemetry.proto.trace.v1.Span.Link link) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("trace_id", TraceIds.bytesHex(link.getTraceId()));
      if (!link.getTraceState().isEmpty()) {
        json.writeStringField("trace_state", link.getTraceState());
      }
      json.writeObjectFieldStart("attributes");
      for (io.opentelemetry.proto.common.v1.KeyValue attribute : link.getAttributesList()) {
        json.writeFieldName(attribute.getKey());
        writeJson(json, attribute.getValue());
      }
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void writeJson(JsonGenerator json, AnyValue value) throws IOException {
    switch (value.getValueCase()) {
      case STRING_VALUE -> json.writeString(value.getStringValue());
      case BOOL_VALUE -> json.writeBoolean(value.getBoolValue());
      case INT_VALUE -> json.writeNumber(value.getIntValue());
      case DOUBLE_VALUE -> json.writeNumber(value.getDoubleValue());
      case BYTES_VALUE ->
          json.writeString(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
      case ARRAY_VALUE -> {
        json.writeStartArray();
        for (AnyValue element : value.getArrayValue().getValuesList()) {
          writeJson(json, element);
        }
        json.writeEndArray();
      }
      case KVLIST_VALUE -> {
        json.writeStartObject();
        for (io.opentelemetry.proto.common.v1.KeyValue kv :
            value.getKvlistValue().getValuesList()) {
          json.writeFieldName(kv.getKey());
          writeJson(json, kv.getValue());
        }
        json.writeEndObject();
      }
      case STRING_VALUE_STRINDEX -> json.writeNumber(value.getStringValueStrindex());
      default -> json.writeNull();
    }
  }

  private static boolean allZero(ByteString bytes) {
    for (int i = 0; i < bytes.size(); i++) {
      if (bytes.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private static KeyValue string(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.STRING).setVStr(value).build();
  }

  private static KeyValue bool(String key, boolean value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.BOOL).setVBool(value).build();
  }

  private static KeyValue int64(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.INT64).setVInt64(value).build();
  }
}
