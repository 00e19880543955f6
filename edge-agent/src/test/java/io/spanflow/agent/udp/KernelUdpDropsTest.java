package io.spanflow.agent.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KernelUdpDropsTest {

  @Test
  void forPort_countsWhatTheKernelDroppedForAFullSocket() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/net/udp")), "needs Linux /proc/net/udp");
    try (DatagramSocket receiver = new DatagramSocket(null);
        DatagramSocket sender = new DatagramSocket()) {
      receiver.setReceiveBufferSize(4096);
      receiver.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = receiver.getLocalPort();
      assertThat(KernelUdpDrops.forPort(port)).isZero();
      byte[] payload = new byte[1200];

      // Nobody reads: once the small buffer is full the kernel drops the rest.
      await()
          .until(
              () -> {
                for (int i = 0; i < 50; i++) {
                  sender.send(
                      new DatagramPacket(
                          payload, payload.length, InetAddress.getLoopbackAddress(), port));
                }
                return KernelUdpDrops.forPort(port) > 0;
              });
    }
  }
}
