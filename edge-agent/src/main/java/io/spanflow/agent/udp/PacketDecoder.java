package io.spanflow.agent.udp;

import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.thrift.ThriftDecodeException;
import java.util.List;

/** Turns one datagram into spans (each with its process embedded). */
@FunctionalInterface
public interface PacketDecoder {

  /** Throws with a stable {@link ThriftDecodeException#reason()} for a malformed packet. */
  List<Span> decode(byte[] packet, int length) throws ThriftDecodeException;
}
