package io.spanflow.schemas.kafka;

import io.spanflow.proto.jaeger.Span;
import org.apache.kafka.common.serialization.Serializer;

/** Writes a span as protobuf bytes; a null span stays null (a tombstone). */
public final class SpanSerializer implements Serializer<Span> {

  @Override
  public byte[] serialize(String topic, Span span) {
    return span == null ? null : span.toByteArray();
  }
}
