package io.spanflow.agent.udp;

import io.spanflow.runtime.admin.HostPort;
import java.util.Objects;

/**
 * How one UDP port is served. Defaults are Jaeger's: queue 1000 packets, 10 workers, packets up to
 * 65,000 bytes, the OS default socket receive buffer.
 *
 * @param hostPort where to listen
 * @param queueSize packets held between the socket reader and the workers; more are dropped
 * @param workers threads decoding packets
 * @param maxPacketSize largest datagram accepted; a larger one is counted as malformed
 * @param socketBufferSize SO_RCVBUF in bytes, 0 for the OS default
 */
public record UdpServerSettings(
    HostPort hostPort, int queueSize, int workers, int maxPacketSize, int socketBufferSize) {

  public static final int DEFAULT_QUEUE_SIZE = 1000;
  public static final int DEFAULT_WORKERS = 10;
  public static final int DEFAULT_MAX_PACKET_SIZE = 65_000;

  public UdpServerSettings {
    Objects.requireNonNull(hostPort, "hostPort");
    require(queueSize > 0, "server-queue-size must be positive: " + queueSize);
    require(workers > 0, "workers must be positive: " + workers);
    require(
        maxPacketSize > 0 && maxPacketSize <= 65_507,
        "server-max-packet-size must be in 1..65507: " + maxPacketSize);
    require(socketBufferSize >= 0, "server-socket-buffer-size must be >= 0: " + socketBufferSize);
  }

  /** Jaeger's defaults on {@code hostPort}. */
  public static UdpServerSettings defaults(HostPort hostPort) {
    return new UdpServerSettings(
        hostPort, DEFAULT_QUEUE_SIZE, DEFAULT_WORKERS, DEFAULT_MAX_PACKET_SIZE, 0);
  }

  public UdpServerSettings withQueueSize(int size) {
    return new UdpServerSettings(hostPort, size, workers, maxPacketSize, socketBufferSize);
  }

  public UdpServerSettings withWorkers(int count) {
    return new UdpServerSettings(hostPort, queueSize, count, maxPacketSize, socketBufferSize);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
