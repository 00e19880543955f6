package io.spanflow.schemas.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.spanflow.proto.jaeger.Span;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads protobuf span bytes. Bytes that are not a span throw {@link SerializationException}; Kafka
 * Streams callers route those with a deserialization exception handler rather than dying.
 */
public final class SpanDeserializer implements Deserializer<Span> {

  @Override
  public Span deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return Span.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new SerializationException(
          "record on topic " + topic + " is not a jaeger.api_v2.Span: " + e.getMessage(), e);
    }
  }
}
