package io.spanflow.schemas.es;

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
import java.util.List;

/** Spans for the ES layout tests (until the shared TestTraces fixtures are merged). */
final class EsFixtures {

  static final ByteString TRACE_128 = TraceIds.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
  static final ByteString TRACE_64 = TraceIds.fromHex("00000000000000000000000000000001");

  private EsFixtures() {}

  static KeyValue str(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setVType(ValueType.STRING).setVStr(v).build();
  }

  static KeyValue bool(String k, boolean v) {
    return KeyValue.newBuilder().setKey(k).setVType(ValueType.BOOL).setVBool(v).build();
  }

  static KeyValue int64(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setVType(ValueType.INT64).setVInt64(v).build();
  }

  static KeyValue float64(String k, double v) {
    return KeyValue.newBuilder().setKey(k).setVType(ValueType.FLOAT64).setVFloat64(v).build();
  }

  static KeyValue binary(String k, byte... v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setVType(ValueType.BINARY)
        .setVBinary(ByteString.copyFrom(v))
        .build();
  }

  static ByteString spanId(long id) {
    return TraceIds.spanIdFromHex(Long.toHexString(id));
  }

  static SpanRef ref(SpanRefType type, ByteString trace, long span) {
    return SpanRef.newBuilder().setRefType(type).setTraceId(trace).setSpanId(spanId(span)).build();
  }

  /** Every tag type, logs, both reference types, process tags, flags, warnings. */
  static Span allTypes() {
    return Span.newBuilder()
        .setTraceId(TRACE_128)
        .setSpanId(spanId(0x00f067aa0ba902b7L))
        .setOperationName("GET /checkout")
        .addReferences(ref(SpanRefType.CHILD_OF, TRACE_128, 0xa2fb4a1d1a96d312L))
        .addReferences(ref(SpanRefType.FOLLOWS_FROM, TRACE_128, 3))
        .addReferences(ref(SpanRefType.CHILD_OF, TRACE_64, 0xff))
        .setFlags(3)
        .setStartTime(Timestamp.newBuilder().setSeconds(1763730000L).setNanos(123_456_000))
        .setDuration(Duration.newBuilder().setSeconds(2).setNanos(5_000))
        .addTags(str("span.kind", "server"))
        .addTags(str("http.method", "GET"))
        .addTags(bool("error", true))
        .addTags(int64("http.status_code", 503))
        .addTags(int64("min", Long.MIN_VALUE))
        .addTags(float64("temperature", 72.5))
        .addTags(float64("third", 0.1 + 0.2))
        .addTags(float64("huge", 1.5e300))
        .addTags(float64("tiny", -2.5e-7))
        .addTags(binary("blob", (byte) 0, (byte) 0, (byte) 0x30, (byte) 0x39))
        .addTags(str("unicode", "naïve ✓ \"quoted\""))
        .addLogs(
            Log.newBuilder()
                .setTimestamp(Timestamp.newBuilder().setSeconds(1763730000L).setNanos(200_000_000))
                .addFields(str("event", "retry"))
                .addFields(int64("attempt", 2)))
        .addLogs(
            Log.newBuilder()
                .setTimestamp(Timestamp.newBuilder().setSeconds(1763730001L))
                .addFields(binary("payload", (byte) 0xff)))
        .setProcess(
            Process.newBuilder()
                .setServiceName("frontend")
                .addTags(str("hostname", "host-1"))
                .addTags(int64("pid", 42))
                .addTags(bool("sampler.param", true)))
        .addWarnings("clock skew adjusted")
        .build();
  }

  /** A root span with a 64-bit trace id and nothing optional. */
  static Span minimal() {
    return Span.newBuilder()
        .setTraceId(TRACE_64)
        .setSpanId(spanId(2))
        .setOperationName("root")
        .setStartTime(Timestamp.newBuilder().setSeconds(1485467191L).setNanos(639_875_000))
        .setDuration(Duration.newBuilder().setNanos(5_000))
        .setProcess(Process.newBuilder().setServiceName("service-x"))
        .build();
  }

  /** Client and server halves of a Zipkin shared span: same trace and span id. */
  static List<Span> zipkinSharedSpan() {
    Span client =
        minimal().toBuilder()
            .setSpanId(spanId(7))
            .addTags(str("span.kind", "client"))
            .setProcess(Process.newBuilder().setServiceName("frontend"))
            .build();
    Span server =
        client.toBuilder()
            .clearTags()
            .addTags(str("span.kind", "server"))
            .setProcess(Process.newBuilder().setServiceName("backend"))
            .build();
    return List.of(client, server);
  }
}
