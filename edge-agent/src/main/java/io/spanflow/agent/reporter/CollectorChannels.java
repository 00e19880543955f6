package io.spanflow.agent.reporter;

import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.spanflow.runtime.admin.HostPort;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gRPC channel per configured collector, shared by the span reporter and the sampling proxy.
 * {@link #next()} goes round-robin over the collectors and skips those whose connection is failing,
 * so a batch that failed on one collector is retried on the next.
 *
 * <p>Channels connect lazily in the background, so a collector that is down at start does not stop
 * the agent (its spans wait in the reporter's buffer). The gauge {@code
 * jaeger_agent_connection_status_collector_connected} counts the collectors with a ready
 * connection.
 */
public final class CollectorChannels implements Component {
  private static final Logger log = LoggerFactory.getLogger(CollectorChannels.class);

  private final List<HostPort> collectors;
  private final boolean tls;
  private final Path tlsCa;
  private final String tlsServerName;
  private final Duration connectTimeout;
  private final MeterRegistry registry;
  private final AtomicInteger nextIndex = new AtomicInteger();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final Object lock = new Object();
  private Counter reconnects;
  private boolean closed;

  private CollectorChannels(Builder b) {
    this.collectors = List.copyOf(b.collectors);
    this.tls = b.tls;
    this.tlsCa = b.tlsCa;
    this.tlsServerName = b.tlsServerName;
    this.connectTimeout = b.connectTimeout;
    this.registry = b.registry;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "collector-channels";
  }

  @Override
  public void start() throws IOException {
    ChannelCredentials credentials = credentials();
    reconnects =
        Counter.builder("jaeger.agent.connection_status.collector_reconnects")
            .description("Times a collector connection became ready")
            .register(registry);
    synchronized (lock) {
      for (HostPort collector : collectors) {
        ManagedChannelBuilder<?> builder =
            Grpc.newChannelBuilderForAddress(collector.host(), collector.port(), credentials)
                .userAgent("spanflow-edge-agent");
        if (tlsServerName != null && !tlsServerName.isBlank()) {
          builder.overrideAuthority(tlsServerName);
        }
        if (!connectTimeout.isZero() && builder instanceof NettyChannelBuilder netty) {
          netty.withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
        }
        ManagedChannel channel = builder.build();
        channels.add(channel);
        watch(channel, channel.getState(true));
      }
    }
    Gauge.builder("jaeger.agent.connection_status.collector_connected", this, c -> c.connected())
        .description("Collectors with a ready gRPC connection")
        .register(registry);
    log.info("Collectors: {} ({})", collectors, tls ? "TLS" : "plaintext");
  }

  private ChannelCredentials credentials() throws IOException {
    if (!tls) {
      return InsecureChannelCredentials.create();
    }
    if (tlsCa == null) {
      return TlsChannelCredentials.create(); // the JDK's trusted roots
    }
    return TlsChannelCredentials.newBuilder().trustManager(tlsCa.toFile()).build();
  }

  private void watch(ManagedChannel channel, ConnectivityState current) {
    channel.notifyWhenStateChanged(
        current,
        () -> {
          ConnectivityState next = channel.getState(false);
          if (next == ConnectivityState.READY) {
            reconnects.increment();
          }
          if (next != ConnectivityState.SHUTDOWN) {
            watch(channel, next);
          }
        });
  }

  /** Number of collectors whose connection is ready. */
  public int connected() {
    synchronized (lock) {
      int n = 0;
      for (ManagedChannel channel : channels) {
        if (channel.getState(false) == ConnectivityState.READY) {
          n++;
        }
      }
      return n;
    }
  }

  /**
   * The next collector's channel in round-robin order, skipping collectors whose connection is in
   * TRANSIENT_FAILURE when another one is not.
   */
  public ManagedChannel next() {
    synchronized (lock) {
      if (channels.isEmpty()) {
        throw new IllegalStateException(closed ? "collector channels closed" : "not started");
      }
      int size = channels.size();
      int start = Math.floorMod(nextIndex.getAndIncrement(), size);
      for (int i = 0; i < size; i++) {
        ManagedChannel channel = channels.get((start + i) % size);
        if (channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE) {
          if (i > 0) {
            nextIndex.set(start + i + 1);
          }
          return channel;
        }
      }
      return channels.get(start);
    }
  }

  public List<HostPort> collectors() {
    return collectors;
  }

  /** The TCP connect timeout to a collector; zero when the transport's default applies. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Healthy even when no collector is reachable: spans wait in the buffer, and restarting the agent
   * would not bring a collector back. The connected gauge shows it instead.
   */
  @Override
  public CheckResult check() {
    synchronized (lock) {
      return channels.isEmpty() ? CheckResult.failed("not started") : CheckResult.ok();
    }
  }

  @Override
  public void close() {
    List<ManagedChannel> toClose;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(channels);
      channels.clear();
    }
    for (ManagedChannel channel : toClose) {
      channel.shutdown();
    }
    for (ManagedChannel channel : toClose) {
      try {
        if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "CollectorChannels{" + collectors + (tls ? ", tls ca=" + tlsCa : "") + "}";
  }

  /** Assembles {@link CollectorChannels}. */
  public static final class Builder {
    private final List<HostPort> collectors = new ArrayList<>();
    private boolean tls;
    private Path tlsCa;
    private String tlsServerName;
    private Duration connectTimeout = Duration.ZERO;
    private MeterRegistry registry;

    private Builder() {}

    /** Adds a collector, {@code host:port} (its gRPC port, 14250 by default). */
    public Builder collector(String hostPort) {
      HostPort parsed = HostPort.parse(hostPort);
      if (parsed.host().isEmpty() || parsed.port() == 0) {
        throw new IllegalArgumentException("collector address needs host and port: " + hostPort);
      }
      collectors.add(parsed);
      return this;
    }

    public Builder collectors(List<String> hostPorts) {
      hostPorts.forEach(this::collector);
      return this;
    }

    /** Use TLS; {@code ca} is a PEM file of trusted roots, or null for the JDK's defaults. */
    public Builder tls(boolean enabled, Path ca) {
      this.tls = enabled;
      this.tlsCa = ca;
      return this;
    }

    /** The name the collector's certificate must carry, when it differs from the host. */
    public Builder tlsServerName(String serverName) {
      this.tlsServerName = serverName;
      return this;
    }

    /**
     * How long opening a connection to a collector may take ({@code
     * --discovery.conn-check-timeout}); zero keeps the transport's default.
     */
    public Builder connectTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "--discovery.conn-check-timeout must be between 0 and 24 days: " + timeout);
      }
      this.connectTimeout = timeout;
      return this;
    }

    public Builder registry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    public CollectorChannels build() {
      if (collectors.isEmpty()) {
        throw new IllegalArgumentException(
            "no collector configured: set --reporter.grpc.host-port (e.g. collector:14250)");
      }
      Objects.requireNonNull(registry, "registry");
      return new CollectorChannels(this);
    }
  }
}
