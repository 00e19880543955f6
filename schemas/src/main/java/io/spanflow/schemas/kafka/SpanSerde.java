package io.spanflow.schemas.kafka;

import io.spanflow.proto.jaeger.Span;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The {@code jaeger-spans} record format: protobuf {@code jaeger.api_v2.Span}. */
public final class SpanSerde implements Serde<Span> {

  private final SpanSerializer serializer = new SpanSerializer();
  private final SpanDeserializer deserializer = new SpanDeserializer();

  @Override
  public Serializer<Span> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<Span> deserializer() {
    return deserializer;
  }
}
