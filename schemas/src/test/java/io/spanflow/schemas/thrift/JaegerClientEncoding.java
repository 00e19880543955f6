package io.spanflow.schemas.thrift;

import io.jaegertracing.agent.thrift.Agent;
import io.jaegertracing.thriftjava.Batch;
import java.util.Arrays;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TMemoryBuffer;

/**
 * Encodes batches with jaeger-client's own generated thrift classes, exactly as its UdpSender
 * (Agent.Client over compact) and HttpSender (bare Batch over binary) do.
 */
final class JaegerClientEncoding {

  private JaegerClientEncoding() {}

  static byte[] emitBatch(Batch batch, ThriftProtocol protocol) throws Exception {
    TMemoryBuffer buffer = new TMemoryBuffer(1024);
    TProtocol out =
        protocol == ThriftProtocol.COMPACT
            ? new TCompactProtocol(buffer)
            : new TBinaryProtocol(buffer);
    new Agent.Client(out).emitBatch(batch);
    return Arrays.copyOf(buffer.getArray(), buffer.length());
  }

  static byte[] batch(Batch batch, ThriftProtocol protocol) throws Exception {
    TSerializer serializer =
        new TSerializer(
            protocol == ThriftProtocol.COMPACT
                ? new TCompactProtocol.Factory()
                : new TBinaryProtocol.Factory());
    return serializer.serialize(batch);
  }
}
