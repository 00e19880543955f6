package io.spanflow.collector.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gRPC listener (Netty) hosting ingest services. Messages over the size limit are refused by
 * gRPC itself with RESOURCE_EXHAUSTED. {@link #close()} stops accepting calls, lets in-flight calls
 * finish (they reply only after Kafka acknowledged) within the drain timeout, then cancels the
 * rest.
 */
public final class GrpcIngestServer implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcIngestServer.class);

  private final String name;
  private final String host;
  private final int port;
  private final int maxMessageBytes;
  private final Duration drainTimeout;
  private final List<BindableService> services;
  private Server server;
  private volatile boolean closed;

  private GrpcIngestServer(Builder b) {
    this.name = b.name;
    this.host = b.host;
    this.port = b.port;
    this.maxMessageBytes = b.maxMessageBytes;
    this.drainTimeout = b.drainTimeout;
    this.services = List.copyOf(b.services);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start() throws IOException {
    InetSocketAddress address =
        host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(address).maxInboundMessageSize(maxMessageBytes);
    services.forEach(builder::addService);
    server = builder.build().start();
    LOG.info("{} listening on {}", name, server.getListenSockets());
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getPort();
  }

  @Override
  public CheckResult check() {
    Server s = server;
    if (s == null || s.isShutdown()) {
      return CheckResult.failed(name + " not serving");
    }
    return CheckResult.ok();
  }

  @Override
  public void close() {
    Server s = server;
    if (s == null || closed) {
      return;
    }
    closed = true;
    s.shutdown();
    try {
      if (!s.awaitTermination(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{}: calls still running after {}, cancelling them", name, drainTimeout);
        s.shutdownNow();
        s.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.shutdownNow();
    }
  }

  /** Listener settings; defaults: all interfaces, 4 MiB messages (Jaeger's default), 20 s drain. */
  public static final class Builder {
    private final String name;
    private String host = "";
    private int port;
    private int maxMessageBytes = 4 * 1024 * 1024;
    private Duration drainTimeout = Duration.ofSeconds(20);
    private final List<BindableService> services = new ArrayList<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Host (empty = all interfaces) and port (0 = any free port). */
    public Builder listen(String host, int port) {
      this.host = host == null ? "" : host;
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    public Builder maxMessageBytes(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxMessageBytes must be positive");
      }
      this.maxMessageBytes = bytes;
      return this;
    }

    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = Objects.requireNonNull(timeout, "drainTimeout");
      return this;
    }

    public Builder service(BindableService service) {
      services.add(Objects.requireNonNull(service, "service"));
      return this;
    }

    public GrpcIngestServer build() {
      if (services.isEmpty()) {
        throw new IllegalStateException(name + ": no services");
      }
      return new GrpcIngestServer(this);
    }
  }
}
