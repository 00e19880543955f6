package io.spanflow.processor.testing;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.SpanRefType;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.ids.TraceIds;
import java.time.Instant;

/** Builds the odd spans that single tests need (shared fixture traces live in schemas). */
public final class TestSpans {

  private final Span.Builder b = Span.newBuilder();

  private TestSpans() {}

  public static TestSpans span(long traceLow, long spanId) {
    TestSpans s = new TestSpans();
    s.b.setTraceId(TraceIds.traceId(0x1L, traceLow)).setSpanId(TraceIds.spanId(spanId));
    s.b.setOperationName("op").setProcess(Process.newBuilder().setServiceName("svc"));
    s.b.setDuration(Duration.newBuilder().setNanos(1_000_000));
    return s;
  }

  public TestSpans service(String name) {
    b.setProcess(b.getProcess().toBuilder().setServiceName(name));
    return this;
  }

  public TestSpans operation(String name) {
    b.setOperationName(name);
    return this;
  }

  public TestSpans parent(long parentSpanId) {
    b.addReferences(
        SpanRef.newBuilder()
            .setTraceId(b.getTraceId())
            .setSpanId(TraceIds.spanId(parentSpanId))
            .setRefType(SpanRefType.CHILD_OF));
    return this;
  }

  public TestSpans kind(String kind) {
    return tag("span.kind", kind);
  }

  public TestSpans tag(String key, String value) {
    b.addTags(KeyValue.newBuilder().setKey(key).setVType(ValueType.STRING).setVStr(value));
    return this;
  }

  public TestSpans tag(String key, boolean value) {
    b.addTags(KeyValue.newBuilder().setKey(key).setVType(ValueType.BOOL).setVBool(value));
    return this;
  }

  public TestSpans tag(String key, long value) {
    b.addTags(KeyValue.newBuilder().setKey(key).setVType(ValueType.INT64).setVInt64(value));
    return this;
  }

  public TestSpans start(Instant t) {
    b.setStartTime(Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()));
    return this;
  }

  public TestSpans durationMicros(long micros) {
    b.setDuration(
        Duration.newBuilder()
            .setSeconds(micros / 1_000_000)
            .setNanos((int) (micros % 1_000_000) * 1000));
    return this;
  }

  public Span.Builder builder() {
    return b;
  }

  public Span build() {
    return b.build();
  }
}
