package io.spanflow.query.storage;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.ids.TraceIds;
import java.time.Instant;

/** Terse construction of spans for tests. */
public final class TestSpans {

  private TestSpans() {}

  public static ByteString traceId(long low) {
    return TraceIds.traceId(0x1234L, low);
  }

  public static Process process(String service, KeyValue... tags) {
    Process.Builder p = Process.newBuilder().setServiceName(service);
    for (KeyValue kv : tags) {
      p.addTags(kv);
    }
    return p.build();
  }

  /** A span of trace {@code trace}, child of {@code parent} (0 for a root). */
  public static Span.Builder span(
      long trace,
      long spanId,
      long parent,
      Process process,
      String operation,
      Instant start,
      long durationMicros) {
    Span.Builder s =
        Span.newBuilder()
            .setTraceId(traceId(trace))
            .setSpanId(TraceIds.spanId(spanId))
            .setOperationName(operation)
            .setStartTime(SpanFacts.timestampOfMicros(SpanFacts.microsOf(start)))
            .setDuration(
                com.google.protobuf.Duration.newBuilder()
                    .setSeconds(durationMicros / 1_000_000)
                    .setNanos((int) (durationMicros % 1_000_000) * 1000))
            .setProcess(process);
    if (parent != 0) {
      s.addReferences(
          SpanRef.newBuilder()
              .setTraceId(traceId(trace))
              .setSpanId(TraceIds.spanId(parent))
              .setRefType(SpanRefType.CHILD_OF));
    }
    return s;
  }

  public static KeyValue str(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.STRING).setVStr(value).build();
  }

  public static KeyValue bool(String key, boolean value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.BOOL).setVBool(value).build();
  }

  public static KeyValue int64(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.INT64).setVInt64(value).build();
  }

  public static KeyValue float64(String key, double value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.FLOAT64).setVFloat64(value).build();
  }

  public static KeyValue binary(String key, byte[] value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setVType(ValueType.BINARY)
        .setVBinary(ByteString.copyFrom(value))
        .build();
  }

  public static Log log(Instant at, KeyValue... fields) {
    Log.Builder l =
        Log.newBuilder().setTimestamp(SpanFacts.timestampOfMicros(SpanFacts.microsOf(at)));
    for (KeyValue f : fields) {
      l.addFields(f);
    }
    return l.build();
  }
}
