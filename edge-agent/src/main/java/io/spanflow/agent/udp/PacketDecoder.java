package io.spanflow.agent.udp;

import io.spanflow.schemas.convert.ConversionResult;
import io.spanflow.schemas.thrift.ThriftDecodeException;

/**
 * Turns one datagram into spans (each with its process embedded) and the spans rejected one by one
 * (readable but invalid, e.g. a zero trace id).
 */
@FunctionalInterface
public interface PacketDecoder {

  /** Throws with a stable {@link ThriftDecodeException#reason()} for a malformed packet. */
  ConversionResult decode(byte[] packet, int length) throws ThriftDecodeException;
}
