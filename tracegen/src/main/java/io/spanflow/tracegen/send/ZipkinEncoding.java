package io.spanflow.tracegen.send;

import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.schemas.convert.Times;
import io.spanflow.schemas.ids.TraceIds;
import java.util.ArrayList;
import java.util.List;
import zipkin2.Endpoint;

/**
 * Jaeger spans as a Zipkin (Brave) client reports them: kind and the local service as fields, the
 * callee ({@code peer.service}) as the remote endpoint, tags as strings, {@code error} carrying the
 * failure's message, logs as annotations. Zipkin lower-cases span and service names.
 */
public final class ZipkinEncoding {

  private ZipkinEncoding() {}

  public static List<zipkin2.Span> spans(List<Span> spans) {
    List<zipkin2.Span> out = new ArrayList<>(spans.size());
    for (Span span : spans) {
      out.add(span(span));
    }
    return out;
  }

  private static zipkin2.Span span(Span span) {
    Endpoint.Builder local = Endpoint.newBuilder().serviceName(span.getProcess().getServiceName());
    for (KeyValue tag : span.getProcess().getTagsList()) {
      if (tag.getKey().equals("ip")) {
        local.ip(tag.getVStr());
      }
    }
    zipkin2.Span.Builder out =
        zipkin2.Span.newBuilder()
            .traceId(TraceIds.toHex(span.getTraceId()))
            .id(TraceIds.spanIdToHex(span.getSpanId()))
            .name(span.getOperationName())
            .localEndpoint(local.build())
            .timestamp(Times.toMicros(span.getStartTime()))
            .duration(Math.max(1, Times.toMicros(span.getDuration())));
    for (SpanRef ref : span.getReferencesList()) {
      if (ref.getRefType() == SpanRefType.CHILD_OF) {
        out.parentId(TraceIds.spanIdToHex(ref.getSpanId()));
        break;
      }
    }
    String message = "true";
    for (Log log : span.getLogsList()) {
      String event = "log";
      for (KeyValue field : log.getFieldsList()) {
        if (field.getKey().equals("event")) {
          event = field.getVStr();
        } else if (field.getKey().equals("message")) {
          message = field.getVStr();
        }
      }
      out.addAnnotation(Times.toMicros(log.getTimestamp()), event);
    }
    for (KeyValue tag : span.getTagsList()) {
      switch (tag.getKey()) {
        case "span.kind" -> out.kind(zipkin2.Span.Kind.valueOf(tag.getVStr().toUpperCase()));
        case "peer.service" ->
            out.remoteEndpoint(Endpoint.newBuilder().serviceName(tag.getVStr()).build());
        case "error" -> {
          if (tag.getVBool()) {
            out.putTag("error", message);
          }
        }
        default -> out.putTag(tag.getKey(), value(tag));
      }
    }
    return out.build();
  }

  private static String value(KeyValue tag) {
    return switch (tag.getVType()) {
      case BOOL -> Boolean.toString(tag.getVBool());
      case INT64 -> Long.toString(tag.getVInt64());
      case FLOAT64 -> Double.toString(tag.getVFloat64());
      case BINARY -> TraceIds.bytesHex(tag.getVBinary());
      default -> tag.getVStr();
    };
  }
}
