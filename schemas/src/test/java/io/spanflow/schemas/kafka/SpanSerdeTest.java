package io.spanflow.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.ids.TraceIds;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SpanSerdeTest {

  private final SpanSerde serde = new SpanSerde();

  @Test
  void roundTripsProtobufBytes() {
    Span span =
        Span.newBuilder()
            .setTraceId(TraceIds.traceId(1, 2))
            .setSpanId(TraceIds.spanId(3))
            .setOperationName("GET /")
            .setProcess(Process.newBuilder().setServiceName("frontend"))
            .build();
    byte[] bytes = serde.serializer().serialize(Topics.JAEGER_SPANS, span);
    assertThat(bytes).isEqualTo(span.toByteArray());
    assertThat(serde.deserializer().deserialize(Topics.JAEGER_SPANS, bytes)).isEqualTo(span);
  }

  @Test
  void nullStaysNull() {
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void garbageThrowsSerializationException() {
    assertThatThrownBy(
            () -> serde.deserializer().deserialize("t", new byte[] {(byte) 0xff, (byte) 0xff}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("jaeger.api_v2.Span");
  }
}
