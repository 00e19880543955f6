package io.spanflow.schemas.zipkin;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import zipkin2.Annotation;
import zipkin2.Endpoint;

/**
 * Converts Zipkin v2 spans (decode any Zipkin wire format with {@code
 * zipkin2.codec.SpanBytesDecoder} first) to {@code jaeger.api_v2} spans.
 *
 * <ul>
 *   <li>{@code kind} → tag {@code span.kind} (client, server, producer, consumer).
 *   <li>{@code localEndpoint} → the process: serviceName (default {@value #UNKNOWN_SERVICE}), and
 *       process tags {@code ip} / {@code ipv6} / {@code port}.
 *   <li>{@code remoteEndpoint} → tags {@code peer.service}, {@code peer.ipv4}, {@code peer.ipv6},
 *       {@code peer.port}.
 *   <li>annotations → logs with one field {@code event}; tags → string tags, except {@code error}
 *       which becomes the boolean {@code error=true} Jaeger's UI and queries look for, keeping its
 *       message (if any) as {@code error.message}.
 *   <li>{@code parentId} → CHILD_OF reference; flags: sampled (1) always, debug adds 2.
 *   <li>{@code shared} → tag {@code zipkin.shared=true}: the server half of a span whose id the
 *       client half also uses. The two halves stay two spans, told apart by {@code span.kind}.
 * </ul>
 */
public final class ZipkinSpanConverter {

  /** Service name of spans whose local endpoint names none. */
  public static final String UNKNOWN_SERVICE = "unknown_service";

  /** Jaeger's sampled flag. */
  static final int FLAG_SAMPLED = 1;

  /** Jaeger's debug flag. */
  static final int FLAG_DEBUG = 2;

  private ZipkinSpanConverter() {}

  /**
   * Converts one span.
   *
   * @throws IllegalArgumentException if its trace or span id is zero or not hex
   */
  public static Span toJaeger(zipkin2.Span span) {
    io.spanflow.proto.jaeger.Span.Builder out = io.spanflow.proto.jaeger.Span.newBuilder();
    var traceId = TraceIds.fromHex(span.traceId());
    if (TraceIds.high(traceId) == 0 && TraceIds.low(traceId) == 0) {
      throw new IllegalArgumentException("trace id is zero");
    }
    var spanId = TraceIds.spanIdFromHex(span.id());
    if (TraceIds.low(spanId) == 0) {
      throw new IllegalArgumentException("span id is zero");
    }
    out.setTraceId(traceId)
        .setSpanId(spanId)
        .setOperationName(span.name() == null ? "" : span.name())
        .setStartTime(Times.timestampFromMicros(span.timestampAsLong()))
        .setDuration(Times.durationFromMicros(span.durationAsLong()));
    int flags = FLAG_SAMPLED;
    if (Boolean.TRUE.equals(span.debug())) {
      flags |= FLAG_DEBUG;
    }
    out.setFlags(flags);
    if (span.parentId() != null) {
      out.addReferences(
          SpanRef.newBuilder()
              .setTraceId(traceId)
              .setSpanId(TraceIds.spanIdFromHex(span.parentId()))
              .setRefType(SpanRefType.CHILD_OF));
    }
    if (span.kind() != null) {
      out.addTags(string("span.kind", span.kind().name().toLowerCase(java.util.Locale.ROOT)));
    }
    if (Boolean.TRUE.equals(span.shared())) {
      out.addTags(bool("zipkin.shared", true));
    }
    for (Map.Entry<String, String> tag : span.tags().entrySet()) {
      if ("error".equals(tag.getKey())) {
        out.addTags(bool("error", true));
        String message = tag.getValue();
        if (!message.isEmpty() && !"true".equalsIgnoreCase(message)) {
          out.addTags(string("error.message", message));
        }
      } else {
        out.addTags(string(tag.getKey(), tag.getValue()));
      }
    }
    Endpoint remote = span.remoteEndpoint();
    if (remote != null) {
      if (remote.serviceName() != null) {
        out.addTags(string("peer.service", remote.serviceName()));
      }
      if (remote.ipv4() != null) {
        out.addTags(string("peer.ipv4", remote.ipv4()));
      }
      if (remote.ipv6() != null) {
        out.addTags(string("peer.ipv6", remote.ipv6()));
      }
      if (remote.port() != null) {
        out.addTags(int64("peer.port", remote.port()));
      }
    }
    for (Annotation annotation : span.annotations()) {
      out.addLogs(
          Log.newBuilder()
              .setTimestamp(Times.timestampFromMicros(annotation.timestamp()))
              .addFields(string("event", annotation.value())));
    }
    out.setProcess(process(span.localEndpoint()));
    return out.build();
  }

  /** Converts a list, rejecting spans with unusable ids one by one. */
  public static ConversionResult convert(List<zipkin2.Span> spans) {
    List<Span> converted = new ArrayList<>(spans.size());
    List<Rejected> rejected = new ArrayList<>(0);
    for (zipkin2.Span span : spans) {
      try {
        converted.add(toJaeger(span));
      } catch (IllegalArgumentException e) {
        rejected.add(
            new Rejected(
                e.getMessage().startsWith("span") ? "invalid_span_id" : "invalid_trace_id",
                "zipkin span " + span.traceId() + "/" + span.id() + ": " + e.getMessage()));
      }
    }
    return new ConversionResult(converted, rejected);
  }

  private static Process process(Endpoint local) {
    Process.Builder process = Process.newBuilder();
    if (local == null) {
      return process.setServiceName(UNKNOWN_SERVICE).build();
    }
    process.setServiceName(local.serviceName() == null ? UNKNOWN_SERVICE : local.serviceName());
    if (local.ipv4() != null) {
      process.addTags(string("ip", local.ipv4()));
    }
    if (local.ipv6() != null) {
      process.addTags(string("ipv6", local.ipv6()));
    }
    if (local.port() != null) {
      process.addTags(int64("port", local.port()));
    }
    return process.build();
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
