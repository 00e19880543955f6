package io.spanflow.agent;

import io.jaegertracing.agent.thrift.Agent;
import io.jaegertracing.thriftjava.Batch;
import java.util.Arrays;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TMemoryBuffer;

/**
 * UDP payloads encoded exactly as clients do, with the thrift classes the Java client ships ({@code
 * Agent.Client} writing a oneway call into memory).
 */
final class ThriftPackets {
  private ThriftPackets() {}

  static byte[] emitBatch(Batch batch, boolean compact) throws TException {
    TMemoryBuffer buffer = new TMemoryBuffer(1024);
    new Agent.Client(protocol(buffer, compact)).emitBatch(batch);
    return Arrays.copyOf(buffer.getArray(), buffer.length());
  }

  static byte[] emitZipkinBatch(List<com.twitter.zipkin.thriftjava.Span> spans) throws TException {
    TMemoryBuffer buffer = new TMemoryBuffer(1024);
    new Agent.Client(protocol(buffer, true)).emitZipkinBatch(spans);
    return Arrays.copyOf(buffer.getArray(), buffer.length());
  }

  private static TProtocol protocol(TMemoryBuffer buffer, boolean compact) {
    return compact ? new TCompactProtocol(buffer) : new TBinaryProtocol(buffer);
  }
}
