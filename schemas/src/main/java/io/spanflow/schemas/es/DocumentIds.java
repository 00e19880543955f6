package io.spanflow.schemas.es;

import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.ids.TraceIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Deterministic Elasticsearch {@code _id}s, so that writing the same thing twice (a retried bulk, a
 * replayed Kafka offset, a re-sent span) overwrites instead of duplicating.
 */
public final class DocumentIds {

  private static final long FNV64_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV64_PRIME = 0x100000001b3L;

  private DocumentIds() {}

  /**
   * {@code <traceID>-<spanID>-<16 hex>}, the suffix a hash of the span's service name and {@code
   * span.kind} tag. A retried span gets the same id; the client and server halves of a Zipkin
   * shared span (same trace and span id, different kind and service) get two.
   */
  public static String spanDocumentId(Span span) {
    long h = fnv64a(FNV64_OFFSET, span.getProcess().getServiceName());
    h = fnv64a(h, "\u0000");
    h = fnv64a(h, spanKind(span));
    return TraceIds.toHex(span.getTraceId())
        + "-"
        + TraceIds.spanIdToHex(span.getSpanId())
        + "-"
        + TraceIds.longHex(h);
  }

  /**
   * Jaeger's id for a service/operation document: FNV-64a over service name, span kind and
   * operation name, unpadded hex. With an empty kind it equals the id older Jaeger versions (no
   * kind) wrote.
   */
  public static String serviceOperationId(String serviceName, String spanKind, String operation) {
    long h = fnv64a(FNV64_OFFSET, serviceName);
    h = fnv64a(h, spanKind == null ? "" : spanKind);
    h = fnv64a(h, operation);
    return Long.toUnsignedString(h, 16);
  }

  /** One dependency link per time bucket: a newer count for the same bucket overwrites. */
  public static String dependencyLinkId(
      Instant bucketStart, String parent, String child, String source) {
    long h = fnv64a(FNV64_OFFSET, parent);
    h = fnv64a(h, "\u0000");
    h = fnv64a(h, child);
    h = fnv64a(h, "\u0000");
    h = fnv64a(h, source == null ? "" : source);
    return bucketStart.toEpochMilli() + "-" + TraceIds.longHex(h);
  }

  /** One metrics row per minute, service, operation and kind. */
  public static String spanMetricsId(
      Instant minute, String serviceName, String operation, String spanKind) {
    long h = fnv64a(FNV64_OFFSET, serviceName);
    h = fnv64a(h, "\u0000");
    h = fnv64a(h, operation);
    h = fnv64a(h, "\u0000");
    h = fnv64a(h, spanKind == null ? "" : spanKind);
    return minute.toEpochMilli() + "-" + TraceIds.longHex(h);
  }

  /** The {@code span.kind} tag's string value, or {@code ""}. */
  public static String spanKind(Span span) {
    for (KeyValue tag : span.getTagsList()) {
      if ("span.kind".equals(tag.getKey()) && tag.getVType() == ValueType.STRING) {
        return tag.getVStr();
      }
    }
    return "";
  }

  private static long fnv64a(long hash, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= FNV64_PRIME;
    }
    return hash;
  }
}
