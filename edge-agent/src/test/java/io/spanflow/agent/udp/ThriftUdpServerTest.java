package io.spanflow.agent.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.agent.tags.AgentTags;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.runtime.admin.HostPort;
import io.spanflow.schemas.convert.ConversionResult;
import io.spanflow.schemas.thrift.ThriftDecodeException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The UDP path with a stand-in decoder: packet text "op" becomes one span named "op". */
class ThriftUdpServerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Queue<Span> received = new ConcurrentLinkedQueue<>();
  private final CountDownLatch decoderEntered = new CountDownLatch(1);
  private final CountDownLatch releaseDecoder = new CountDownLatch(1);
  private volatile boolean blockDecoder;
  private ThriftUdpServer server;

  private final PacketDecoder decoder =
      (packet, length) -> {
        String text = new String(packet, 0, length, StandardCharsets.UTF_8);
        if (text.startsWith("garbage")) {
          throw new ThriftDecodeException(ThriftDecodeException.TRUNCATED, "ran out of bytes");
        }
        if (blockDecoder) {
          decoderEntered.countDown();
          try {
            releaseDecoder.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (text.startsWith("invalid")) {
          return new ConversionResult(
              List.of(), List.of(new ConversionResult.Rejected("invalid_trace_id", "zero")));
        }
        return ConversionResult.of(
            List.of(
                Span.newBuilder()
                    .setOperationName(text)
                    .setProcess(Process.newBuilder().setServiceName("svc"))
                    .build()));
      };

  @AfterEach
  void stop() {
    releaseDecoder.countDown();
    if (server != null) {
      server.close();
    }
  }

  private ThriftUdpServer start(int queueSize, int workers, int maxPacketSize) throws Exception {
    server =
        ThriftUdpServer.builder(AgentEndpoint.JAEGER_COMPACT)
            .settings(
                new UdpServerSettings(
                    new HostPort("127.0.0.1", 0), queueSize, workers, maxPacketSize, 0))
            .decoder(decoder)
            .sink(received::addAll)
            .agentTags(AgentTags.parse("zone=test", Map.<String, String>of()::get))
            .registry(registry)
            .build();
    server.start();
    return server;
  }

  private void send(String text) throws Exception {
    send(text.getBytes(StandardCharsets.UTF_8));
  }

  private void send(byte[] bytes) throws Exception {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.send(
          new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), server.port()));
    }
  }

  private double counter(String name, String... tags) {
    var search = registry.find(name).tags("model", "jaeger", "protocol", "compact").tags(tags);
    return search.counter() == null ? 0 : search.counter().count();
  }

  @Test
  void packet_isDecodedTaggedAndHandedOn() throws Exception {
    start(10, 2, 65_000);

    send("checkout");

    await().until(() -> received.size() == 1);
    Span span = received.peek();
    assertThat(span.getOperationName()).isEqualTo("checkout");
    assertThat(span.getProcess().getTagsList()).extracting(t -> t.getKey()).containsExactly("zone");
    assertThat(counter("jaeger.agent.thrift.udp.server.packets.processed")).isEqualTo(1);
  }

  @Test
  void queueFull_dropsAndCountsThePacket() throws Exception {
    blockDecoder = true;
    start(2, 1, 65_000);

    send("first");
    assertThat(decoderEntered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 9; i++) {
      send("p" + i);
    }

    // The worker holds "first", the queue holds two; seven are dropped.
    await()
        .until(
            () ->
                counter("jaeger.agent.thrift.udp.server.packets.processed")
                        + counter("jaeger.agent.thrift.udp.server.packets.dropped")
                    == 10);
    assertThat(counter("jaeger.agent.thrift.udp.server.packets.dropped")).isEqualTo(7);
    assertThat(counter("jaeger.agent.thrift.udp.server.packets.processed")).isEqualTo(3);

    releaseDecoder.countDown();
    await().until(() -> received.size() == 3);
  }

  @Test
  void malformedPacket_isCountedByReasonAndTheServerKeepsGoing() throws Exception {
    start(10, 1, 65_000);

    send("garbage-1");
    send("garbage-2");
    send("invalid-span");
    send("after");

    await().until(() -> received.size() == 1);
    assertThat(received.peek().getOperationName()).isEqualTo("after");
    assertThat(counter("spanflow.agent.udp.malformed.packets", "reason", "truncated")).isEqualTo(2);
    assertThat(counter("jaeger.agent.thrift.udp.t_processor.handler.errors")).isEqualTo(2);
    await()
        .until(
            () -> counter("spanflow.agent.udp.spans.rejected", "reason", "invalid_trace_id") == 1);
    assertThat(server.check().healthy()).isTrue();
  }

  @Test
  void oversizedPacket_isCountedAsReadError() throws Exception {
    start(10, 1, 100);

    send(new byte[200]);
    send("small");

    await().until(() -> received.size() == 1);
    assertThat(counter("jaeger.agent.thrift.udp.server.read.errors")).isEqualTo(1);
    assertThat(counter("spanflow.agent.udp.malformed.packets", "reason", "too_large")).isEqualTo(1);
  }

  @Test
  void close_drainsQueuedPacketsBeforeReturning() throws Exception {
    blockDecoder = true;
    start(100, 1, 65_000);
    send("first");
    assertThat(decoderEntered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 5; i++) {
      send("queued-" + i);
    }
    await().until(() -> counter("jaeger.agent.thrift.udp.server.packets.processed") == 6);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    releaseDecoder.countDown();
    closing.get(10, TimeUnit.SECONDS);

    assertThat(received).hasSize(6);
    assertThat(server.check().healthy()).isFalse();
  }
}
