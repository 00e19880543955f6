package io.spanflow.agent.udp;

import io.spanflow.schemas.convert.ConversionResult;
import io.spanflow.schemas.thrift.DecodedBatch;
import io.spanflow.schemas.thrift.JaegerThriftDecoder;
import io.spanflow.schemas.thrift.ThriftDecodeException;
import io.spanflow.schemas.thrift.ThriftProtocol;
import io.spanflow.schemas.thrift.ZipkinThriftDecoder;

/**
 * The agent's three UDP ports: what each receives, its Jaeger flag prefix, default port and the
 * {@code model}/{@code protocol} metric labels Jaeger uses for it.
 */
public enum AgentEndpoint implements PacketDecoder {
  /** 6831: {@code jaeger.thrift} {@code Agent.emitBatch} over TCompactProtocol (most clients). */
  JAEGER_COMPACT("jaeger-compact", 6831, "jaeger", "compact") {
    @Override
    public ConversionResult decode(byte[] packet, int length) throws ThriftDecodeException {
      return jaeger(
          JaegerThriftDecoder.decodeEmitBatchDetailed(packet, length, ThriftProtocol.COMPACT));
    }
  },
  /** 6832: the same over TBinaryProtocol (Node clients). */
  JAEGER_BINARY("jaeger-binary", 6832, "jaeger", "binary") {
    @Override
    public ConversionResult decode(byte[] packet, int length) throws ThriftDecodeException {
      return jaeger(
          JaegerThriftDecoder.decodeEmitBatchDetailed(packet, length, ThriftProtocol.BINARY));
    }
  },
  /** 5775: {@code zipkincore.thrift} {@code emitZipkinBatch} over TCompactProtocol (legacy). */
  ZIPKIN_COMPACT("zipkin-compact", 5775, "zipkin", "compact") {
    @Override
    public ConversionResult decode(byte[] packet, int length) throws ThriftDecodeException {
      return ZipkinThriftDecoder.decodeEmitZipkinBatchDetailed(
          packet, length, ThriftProtocol.COMPACT);
    }
  };

  private final String flagName;
  private final int defaultPort;
  private final String model;
  private final String protocol;

  AgentEndpoint(String flagName, int defaultPort, String model, String protocol) {
    this.flagName = flagName;
    this.defaultPort = defaultPort;
    this.model = model;
    this.protocol = protocol;
  }

  private static ConversionResult jaeger(DecodedBatch decoded) {
    return new ConversionResult(decoded.batch().getSpansList(), decoded.rejected());
  }

  /**
   * Decodes one datagram into spans, each with its process embedded, and the spans rejected one by
   * one. Throws with a stable {@link ThriftDecodeException#reason()} when the packet is not what
   * this port expects.
   */
  @Override
  public abstract ConversionResult decode(byte[] packet, int length) throws ThriftDecodeException;

  /** The middle of the Jaeger flags, as in {@code --processor.jaeger-compact.workers}. */
  public String flagName() {
    return flagName;
  }

  public int defaultPort() {
    return defaultPort;
  }

  /** Metric label {@code model}: {@code jaeger} or {@code zipkin}. */
  public String model() {
    return model;
  }

  /** Metric label {@code protocol}: {@code compact} or {@code binary}. */
  public String protocol() {
    return protocol;
  }
}
