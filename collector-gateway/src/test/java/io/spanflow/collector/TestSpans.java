package io.spanflow.collector;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.ValueType;
import java.nio.ByteBuffer;

/** Small hand-built spans for unit tests. */
public final class TestSpans {
  private TestSpans() {}

  public static ByteString traceId(long high, long low) {
    return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(high).putLong(low).array());
  }

  public static ByteString spanId(long id) {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array());
  }

  public static Span span(String service, long traceLow, long spanId) {
    return Span.newBuilder()
        .setTraceId(traceId(0, traceLow))
        .setSpanId(spanId(spanId))
        .setOperationName("op-" + spanId)
        .setStartTime(Timestamp.newBuilder().setSeconds(1_700_000_000L))
        .setDuration(Duration.newBuilder().setNanos(1_000_000))
        .addTags(KeyValue.newBuilder().setKey("k").setVType(ValueType.STRING).setVStr("v"))
        .setProcess(Process.newBuilder().setServiceName(service))
        .build();
  }
}
