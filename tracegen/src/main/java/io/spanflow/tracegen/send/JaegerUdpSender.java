package io.spanflow.tracegen.send;

import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.thrift.JaegerThriftEncoder;
import io.spanflow.schemas.thrift.ThriftProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends spans the way a Jaeger client's UDP sender does: one {@code Agent.emitBatch} oneway call
 * per packet, one process per batch, each packet under {@link #MAX_PACKET_BYTES} (the agent's
 * default 65,000-byte limit). Nothing acknowledges a packet, so every send is {@link
 * Outcome#ACCEPTED} unless the socket itself fails.
 */
public final class JaegerUdpSender implements SpanSender {
  /** The agent's default max packet size. */
  public static final int MAX_PACKET_BYTES = 65_000;

  private final DatagramChannel channel;
  private final InetSocketAddress target;
  private final ThriftProtocol protocol;

  JaegerUdpSender(String hostPort, ThriftProtocol protocol) {
    int colon = hostPort.lastIndexOf(':');
    this.target =
        new InetSocketAddress(
            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    this.protocol = protocol;
    try {
      this.channel = DatagramChannel.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Outcome send(List<Span> spans) {
    try {
      for (byte[] packet : packets(spans, protocol, MAX_PACKET_BYTES)) {
        channel.send(ByteBuffer.wrap(packet), target);
      }
      return Outcome.ACCEPTED;
    } catch (IOException e) {
      return Outcome.unavailable(e.toString());
    }
  }

  /**
   * The packets for {@code spans}: grouped by process, each batch split in halves until its packet
   * fits {@code maxBytes}. A single span too large for a packet is left out (and counted by the
   * caller as rejected, since no real client could send it either).
   */
  public static List<byte[]> packets(List<Span> spans, ThriftProtocol protocol, int maxBytes) {
    Map<Process, List<Span>> byProcess = new LinkedHashMap<>();
    for (Span span : spans) {
      byProcess
          .computeIfAbsent(span.getProcess(), p -> new ArrayList<>())
          .add(span.toBuilder().clearProcess().build());
    }
    List<byte[]> out = new ArrayList<>();
    byProcess.forEach((process, group) -> split(process, group, protocol, maxBytes, out));
    return out;
  }

  private static void split(
      Process process, List<Span> spans, ThriftProtocol protocol, int maxBytes, List<byte[]> out) {
    byte[] packet =
        JaegerThriftEncoder.encodeEmitBatch(
            Batch.newBuilder().setProcess(process).addAllSpans(spans).build(), protocol);
    if (packet.length <= maxBytes) {
      out.add(packet);
    } else if (spans.size() > 1) {
      int half = spans.size() / 2;
      split(process, spans.subList(0, half), protocol, maxBytes, out);
      split(process, spans.subList(half, spans.size()), protocol, maxBytes, out);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing to flush: UDP
    }
  }
}
