package io.spanflow.query.storage;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** Small facts about a proto span that several packages need (times in µs, kind, parent). */
public final class SpanFacts {

  private SpanFacts() {}

  public static long startMicros(Span span) {
    return micros(span.getStartTime());
  }

  public static long durationMicros(Span span) {
    Duration d = span.getDuration();
    return d.getSeconds() * 1_000_000L + d.getNanos() / 1_000;
  }

  public static long micros(Timestamp t) {
    return t.getSeconds() * 1_000_000L + t.getNanos() / 1_000;
  }

  public static Timestamp timestampOfMicros(long micros) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(micros, 1_000_000L))
        .setNanos((int) Math.floorMod(micros, 1_000_000L) * 1_000)
        .build();
  }

  public static Instant instantOfMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  public static long microsOf(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  /** The {@code span.kind} tag value, lower case, or the empty string. */
  public static String spanKind(Span span) {
    for (KeyValue kv : span.getTagsList()) {
      if (kv.getKey().equals("span.kind") && kv.getVType() == ValueType.STRING) {
        return kv.getVStr().toLowerCase(java.util.Locale.ROOT);
      }
    }
    return "";
  }

  /** The parent span id, Jaeger's rule: the first CHILD_OF reference within the same trace. */
  public static Optional<ByteString> parentSpanId(Span span) {
    for (SpanRef ref : span.getReferencesList()) {
      if (ref.getRefType() == SpanRefType.CHILD_OF && ref.getTraceId().equals(span.getTraceId())) {
        return Optional.of(ref.getSpanId());
      }
    }
    return Optional.empty();
  }

  /** A tag value as text, the way Jaeger stores and compares it in Elasticsearch. */
  public static String valueAsString(KeyValue kv) {
    return switch (kv.getVType()) {
      case STRING -> kv.getVStr();
      case BOOL -> Boolean.toString(kv.getVBool());
      case INT64 -> Long.toString(kv.getVInt64());
      case FLOAT64 -> formatFloat(kv.getVFloat64());
      case BINARY -> hex(kv.getVBinary().toByteArray());
      case UNRECOGNIZED -> "";
    };
  }

  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String formatFloat(double d) {
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }
}
