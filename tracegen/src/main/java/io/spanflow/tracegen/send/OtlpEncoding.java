package io.spanflow.tracegen.send;

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
import io.spanflow.schemas.convert.Times;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jaeger spans as an OpenTelemetry SDK would export them: one {@code ResourceSpans} per service,
 * {@code service.name} and the process tags as resource attributes, the span kind as a field,
 * {@code error=true} as an ERROR status, logs as events named after their {@code event} field.
 */
public final class OtlpEncoding {
  static final String SCOPE = "io.spanflow.tracegen";

  private OtlpEncoding() {}

  public static ExportTraceServiceRequest request(List<Span> spans) {
    Map<Process, ScopeSpans.Builder> byProcess = new LinkedHashMap<>();
    for (Span span : spans) {
      byProcess
          .computeIfAbsent(
              span.getProcess(),
              p ->
                  ScopeSpans.newBuilder()
                      .setScope(InstrumentationScope.newBuilder().setName(SCOPE).setVersion("1")))
          .addSpans(span(span));
    }
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    byProcess.forEach(
        (process, scope) -> {
          Resource.Builder resource =
              Resource.newBuilder()
                  .addAttributes(attribute("service.name", process.getServiceName()));
          process.getTagsList().forEach(t -> resource.addAttributes(attribute(t)));
          request.addResourceSpans(
              ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope));
        });
    return request.build();
  }

  private static io.opentelemetry.proto.trace.v1.Span span(Span span) {
    long start = Times.toMicros(span.getStartTime()) * 1_000;
    io.opentelemetry.proto.trace.v1.Span.Builder out =
        io.opentelemetry.proto.trace.v1.Span.newBuilder()
            .setTraceId(span.getTraceId())
            .setSpanId(span.getSpanId())
            .setName(span.getOperationName())
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(start + Times.toMicros(span.getDuration()) * 1_000);
    for (SpanRef ref : span.getReferencesList()) {
      if (ref.getRefType() == SpanRefType.CHILD_OF) {
        out.setParentSpanId(ref.getSpanId());
        break;
      }
    }
    boolean error = false;
    for (KeyValue tag : span.getTagsList()) {
      switch (tag.getKey()) {
        case "span.kind" -> out.setKind(kind(tag.getVStr()));
        case "error" -> error = tag.getVBool();
        default -> out.addAttributes(attribute(tag));
      }
    }
    String message = "";
    for (Log log : span.getLogsList()) {
      io.opentelemetry.proto.trace.v1.Span.Event.Builder event =
          io.opentelemetry.proto.trace.v1.Span.Event.newBuilder()
              .setTimeUnixNano(Times.toMicros(log.getTimestamp()) * 1_000)
              .setName("log");
      for (KeyValue field : log.getFieldsList()) {
        if (field.getKey().equals("event")) {
          event.setName(field.getVStr());
        } else {
          event.addAttributes(attribute(field));
          if (field.getKey().equals("message")) {
            message = field.getVStr();
          }
        }
      }
      out.addEvents(event);
    }
    if (error) {
      out.setStatus(
          Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(message));
    }
    return out.build();
  }

  private static io.opentelemetry.proto.trace.v1.Span.SpanKind kind(String kind) {
    return switch (kind) {
      case "server" -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
      case "client" -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
      case "producer" -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_PRODUCER;
      case "consumer" -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER;
      default -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL;
    };
  }

  private static io.opentelemetry.proto.common.v1.KeyValue attribute(String key, String value) {
    return io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static io.opentelemetry.proto.common.v1.KeyValue attribute(KeyValue tag) {
    AnyValue.Builder value = AnyValue.newBuilder();
    switch (tag.getVType()) {
      case BOOL -> value.setBoolValue(tag.getVBool());
      case INT64 -> value.setIntValue(tag.getVInt64());
      case FLOAT64 -> value.setDoubleValue(tag.getVFloat64());
      case BINARY -> value.setBytesValue(ByteString.copyFrom(tag.getVBinary().toByteArray()));
      default -> value.setStringValue(tag.getVStr());
    }
    return io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
        .setKey(tag.getKey())
        .setValue(value)
        .build();
  }
}
