package io.spanflow.agent;

import io.spanflow.agent.udp.AgentEndpoint;
import io.spanflow.agent.udp.UdpServerSettings;
import io.spanflow.runtime.admin.HostPort;
import io.spanflow.runtime.config.AdminOptions;
import io.spanflow.runtime.config.HostPortConverter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The agent's flags, with Jaeger's names where Jaeger had the option (bound by the runtime's
 * ConfigBinder: flag, then environment variable, then {@code --config-file}, then default).
 */
public final class EdgeAgentOptions {

  @Mixin AdminOptions admin = new AdminOptions(14271);

  @Mixin JaegerCompact jaegerCompact = new JaegerCompact();

  @Mixin JaegerBinary jaegerBinary = new JaegerBinary();

  @Mixin ZipkinCompact zipkinCompact = new ZipkinCompact();

  @Option(
      names = "--agent.tags",
      defaultValue = "",
      description =
          "Tags added to the process of every span: key=value,key2=$${ENV_VAR:default}."
              + " $${NAME} reads the environment variable NAME.")
  String agentTags;

  @Option(
      names = "--reporter.grpc.host-port",
      split = ",",
      paramLabel = "HOST:PORT",
      description = "Collectors' gRPC addresses, comma-separated; batches go round-robin.")
  List<String> collectorHostPorts = new ArrayList<>();

  @Option(
      names = "--collector.host-port",
      split = ",",
      paramLabel = "HOST:PORT",
      description = "Legacy name of --reporter.grpc.host-port (used when that one is not set).")
  List<String> legacyCollectorHostPorts = new ArrayList<>();

  @Option(
      names = "--reporter.grpc.tls.enabled",
      defaultValue = "false",
      description = "Use TLS to the collectors.")
  boolean tlsEnabled;

  @Option(
      names = "--reporter.grpc.tls.ca",
      description = "PEM file of CAs that sign the collectors' certificates (default: JDK roots).")
  Path tlsCa;

  @Option(
      names = "--reporter.grpc.tls.server-name",
      description = "Name expected in the collectors' certificates, if not their host name.")
  String tlsServerName;

  @Option(
      names = "--discovery.conn-check-timeout",
      defaultValue = "0s",
      description =
          "How long opening a TCP connection to a collector may take before it counts as failed"
              + " and the next collector is tried (Jaeger's flag); 0s keeps the transport's"
              + " default (30s).")
  Duration connCheckTimeout;

  @Option(
      names = "--reporter.grpc.timeout",
      defaultValue = "5s",
      description = "Deadline of one PostSpans or sampling call.")
  Duration grpcTimeout;

  @Option(
      names = "--reporter.grpc.retry.initial-backoff",
      defaultValue = "100ms",
      description = "First wait before retrying a failed batch; doubles on each failure.")
  Duration initialBackoff;

  @Option(
      names = "--reporter.grpc.retry.max-backoff",
      defaultValue = "5s",
      description = "Longest wait between retries of a failed batch.")
  Duration maxBackoff;

  @Option(
      names = "--reporter.grpc.senders",
      defaultValue = "2",
      description =
          "PostSpans calls in flight at once (each a batch); more hide the collector's"
              + " round-trip time.")
  int senders;

  @Option(
      names = "--reporter.batch.max-spans",
      defaultValue = "500",
      description = "Most spans in one PostSpans batch.")
  int batchMaxSpans;

  @Option(
      names = "--reporter.batch.max-bytes",
      defaultValue = "1048576",
      description = "Most serialized bytes in one PostSpans batch.")
  long batchMaxBytes;

  @Option(
      names = "--reporter.batch.max-delay",
      defaultValue = "200ms",
      description = "How long a batch waits to fill before it is sent.")
  Duration batchMaxDelay;

  @Option(
      names = "--reporter.buffer.max-bytes",
      defaultValue = "8388608",
      description =
          "Bytes of spans held while sending or while collectors are unreachable;"
              + " spans beyond it are dropped and counted.")
  long bufferMaxBytes;

  @Option(
      names = "--reporter.flush-timeout",
      defaultValue = "10s",
      description = "On shutdown, how long to keep trying to deliver buffered spans.")
  Duration flushTimeout;

  @Option(
      names = "--agent.shutdown-grace-period",
      defaultValue = "5s",
      description =
          "On SIGTERM, how long to keep receiving (so the app's last spans arrive)"
              + " before draining and flushing.")
  Duration shutdownGracePeriod;

  @Option(
      names = "--http-server.host-port",
      defaultValue = ":5778",
      converter = HostPortConverter.class,
      description = "Sampling endpoint: /sampling?service=, /?service=, /baggageRestrictions.")
  HostPort httpHostPort;

  @Option(
      names = "--sampling.cache-ttl",
      defaultValue = "10s",
      description =
          "How long a fetched sampling strategy is served before asking the collector again;"
              + " an older one is still served while the collector is down.")
  Duration samplingCacheTtl;

  /** The collectors: --reporter.grpc.host-port, else the legacy --collector.host-port. */
  public List<String> collectors() {
    List<String> chosen =
        collectorHostPorts.isEmpty() ? legacyCollectorHostPorts : collectorHostPorts;
    List<String> out = new ArrayList<>();
    for (String s : chosen) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  public UdpServerSettings udp(AgentEndpoint endpoint) {
    return switch (endpoint) {
      case JAEGER_COMPACT -> jaegerCompact.settings();
      case JAEGER_BINARY -> jaegerBinary.settings();
      case ZIPKIN_COMPACT -> zipkinCompact.settings();
    };
  }

  /** {@code --discovery.conn-check-timeout}; zero means the transport's default. */
  public Duration connCheckTimeout() {
    return connCheckTimeout;
  }

  public HostPort adminHostPort() {
    return admin.hostPort();
  }

  @Override
  public String toString() {
    return "EdgeAgentOptions{collectors="
        + collectors()
        + ", tls="
        + tlsEnabled
        + ", agentTags='"
        + agentTags
        + "', udp="
        + List.of(jaegerCompact.settings(), jaegerBinary.settings(), zipkinCompact.settings())
        + ", http="
        + httpHostPort
        + ", grace="
        + shutdownGracePeriod
        + "}";
  }

  /** {@code --processor.jaeger-compact.*}: UDP 6831. */
  static final class JaegerCompact {
    @Option(
        names = "--processor.jaeger-compact.server-host-port",
        defaultValue = ":6831",
        converter = HostPortConverter.class,
        description = "UDP address for jaeger.thrift over the compact protocol.")
    HostPort hostPort;

    @Option(
        names = "--processor.jaeger-compact.server-queue-size",
        defaultValue = "1000",
        description = "Packets queued for the workers; more are dropped.")
    int queueSize;

    @Option(
        names = "--processor.jaeger-compact.workers",
        defaultValue = "10",
        description = "Threads decoding packets.")
    int workers;

    @Option(
        names = "--processor.jaeger-compact.server-max-packet-size",
        defaultValue = "65000",
        description = "Largest UDP packet accepted, in bytes.")
    int maxPacketSize;

    @Option(
        names = "--processor.jaeger-compact.server-socket-buffer-size",
        defaultValue = "0",
        description = "Socket receive buffer in bytes (0: the OS default).")
    int socketBufferSize;

    UdpServerSettings settings() {
      return new UdpServerSettings(hostPort, queueSize, workers, maxPacketSize, socketBufferSize);
    }
  }

  /** {@code --processor.jaeger-binary.*}: UDP 6832. */
  static final class JaegerBinary {
    @Option(
        names = "--processor.jaeger-binary.server-host-port",
        defaultValue = ":6832",
        converter = HostPortConverter.class,
        description = "UDP address for jaeger.thrift over the binary protocol.")
    HostPort hostPort;

    @Option(
        names = "--processor.jaeger-binary.server-queue-size",
        defaultValue = "1000",
        description = "Packets queued for the workers; more are dropped.")
    int queueSize;

    @Option(
        names = "--processor.jaeger-binary.workers",
        defaultValue = "10",
        description = "Threads decoding packets.")
    int workers;

    @Option(
        names = "--processor.jaeger-binary.server-max-packet-size",
        defaultValue = "65000",
        description = "Largest UDP packet accepted, in bytes.")
    int maxPacketSize;

    @Option(
        names = "--processor.jaeger-binary.server-socket-buffer-size",
        defaultValue = "0",
        description = "Socket receive buffer in bytes (0: the OS default).")
    int socketBufferSize;

    UdpServerSettings settings() {
      return new UdpServerSettings(hostPort, queueSize, workers, maxPacketSize, socketBufferSize);
    }
  }

  /** {@code --processor.zipkin-compact.*}: UDP 5775. */
  static final class ZipkinCompact {
    @Option(
        names = "--processor.zipkin-compact.server-host-port",
        defaultValue = ":5775",
        converter = HostPortConverter.class,
        description = "UDP address for zipkin.thrift over the compact protocol (legacy).")
    HostPort hostPort;

    @Option(
        names = "--processor.zipkin-compact.server-queue-size",
        defaultValue = "1000",
        description = "Packets queued for the workers; more are dropped.")
    int queueSize;

    @Option(
        names = "--processor.zipkin-compact.workers",
        defaultValue = "10",
        description = "Threads decoding packets.")
    int workers;

    @Option(
        names = "--processor.zipkin-compact.server-max-packet-size",
        defaultValue = "65000",
        description = "Largest UDP packet accepted, in bytes.")
    int maxPacketSize;

    @Option(
        names = "--processor.zipkin-compact.server-socket-buffer-size",
        defaultValue = "0",
        description = "Socket receive buffer in bytes (0: the OS default).")
    int socketBufferSize;

    UdpServerSettings settings() {
      return new UdpServerSettings(hostPort, queueSize, workers, maxPacketSize, socketBufferSize);
    }
  }
}
