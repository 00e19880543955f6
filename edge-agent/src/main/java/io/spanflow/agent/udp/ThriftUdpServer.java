package io.spanflow.agent.udp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.spanflow.agent.reporter.SpanSink;
import io.spanflow.agent.tags.AgentTags;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import io.spanflow.schemas.convert.ConversionResult;
import io.spanflow.schemas.thrift.ThriftDecodeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent UDP port: a reader thread receives datagrams into a single reused direct buffer and
 * copies only the packet's bytes into a bounded queue; worker threads decode them, add the agent's
 * process tags and hand the spans to the {@link SpanSink}.
 *
 * <p>Nothing here blocks the socket reader: a full queue drops the packet (counted as {@code
 * jaeger_agent_thrift_udp_server_packets_dropped_total}), and a packet that does not decode is
 * counted by reason and logged at most every ten seconds. {@link #close()} stops receiving, then
 * lets the workers drain what is queued before returning, so spans already received are passed on.
 */
public final class ThriftUdpServer implements Component {
  private static final Logger log = LoggerFactory.getLogger(ThriftUdpServer.class);
  private static final long POLL_MILLIS = 100;

  private final AgentEndpoint endpoint;
  private final PacketDecoder decoder;
  private final UdpServerSettings settings;
  private final SpanSink sink;
  private final AgentTags agentTags;
  private final Duration drainTimeout;
  private final MeterRegistry registry;
  private final Tags tags;
  private final BlockingQueue<byte[]> queue;
  private final RateLimitedLog malformedLog;

  private final Counter packetsProcessed;
  private final Counter packetsDropped;
  private final Counter readErrors;
  private final Counter handlerErrors;
  private final Counter spansReceived;
  private final AtomicLong lastPacketSize = new AtomicLong();
  private final Map<String, Counter> malformedByReason = new ConcurrentHashMap<>();
  private final Map<String, Counter> rejectedByReason = new ConcurrentHashMap<>();

  private final Object lock = new Object();
  private DatagramChannel channel;
  private Thread reader;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean draining;
  private boolean closed;

  private ThriftUdpServer(Builder b) {
    this.endpoint = b.endpoint;
    this.decoder = b.decoder != null ? b.decoder : b.endpoint;
    this.settings = b.settings;
    this.sink = b.sink;
    this.agentTags = b.agentTags;
    this.drainTimeout = b.drainTimeout;
    this.registry = b.registry;
    this.tags = Tags.of("model", endpoint.model(), "protocol", endpoint.protocol());
    this.queue = new ArrayBlockingQueue<>(settings.queueSize());
    this.malformedLog = new RateLimitedLog(log, 10, TimeUnit.SECONDS, System::nanoTime);

    String prefix = "jaeger.agent.thrift.udp.server.";
    this.packetsProcessed =
        Counter.builder(prefix + "packets.processed")
            .description("Packets received and queued for decoding")
            .tags(tags)
            .register(registry);
    this.packetsDropped =
        Counter.builder(prefix + "packets.dropped")
            .description("Packets dropped because the server queue was full")
            .tags(tags)
            .register(registry);
    this.readErrors =
        Counter.builder(prefix + "read.errors")
            .description("Socket read errors and packets larger than server-max-packet-size")
            .tags(tags)
            .register(registry);
    Gauge.builder(prefix + "queue_size", queue, BlockingQueue::size)
        .description("Packets waiting in the server queue")
        .tags(tags)
        .register(registry);
    Gauge.builder(prefix + "packet_size", lastPacketSize, AtomicLong::get)
        .description("Size in bytes of the last packet received")
        .tags(tags)
        .register(registry);
    this.handlerErrors =
        Counter.builder("jaeger.agent.thrift.udp.t_processor.handler.errors")
            .description("Packets that could not be decoded")
            .tags(tags)
            .register(registry);
    this.spansReceived =
        Counter.builder("spanflow.agent.udp.spans.received")
            .description("Spans decoded from UDP packets and handed to the reporter")
            .tags(tags)
            .register(registry);
  }

  public static Builder builder(AgentEndpoint endpoint) {
    return new Builder(endpoint);
  }

  @Override
  public String name() {
    return "udp-" + endpoint.flagName();
  }

  public AgentEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public void start() throws IOException {
    synchronized (lock) {
      if (channel != null || closed) {
        throw new IllegalStateException(name() + " already started or closed");
      }
      DatagramChannel ch = DatagramChannel.open();
      try {
        if (settings.socketBufferSize() > 0) {
          ch.setOption(StandardSocketOptions.SO_RCVBUF, settings.socketBufferSize());
          int effective = ch.getOption(StandardSocketOptions.SO_RCVBUF);
          if (effective < settings.socketBufferSize()) {
            log.warn(
                "{}: asked for a {} byte socket receive buffer, the OS granted {}"
                    + " (raise net.core.rmem_max)",
                name(),
                settings.socketBufferSize(),
                effective);
          }
        }
        ch.bind(settings.hostPort().toBindAddress());
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw new IOException(name() + ": cannot listen on " + settings.hostPort() + ": " + e, e);
      }
      channel = ch;
      int boundPort = ((InetSocketAddress) ch.getLocalAddress()).getPort();
      FunctionCounter.builder(
              "spanflow.agent.udp.kernel.drops", this, s -> KernelUdpDrops.forPort(boundPort))
          .description("Datagrams the kernel dropped because the socket receive buffer was full")
          .tags(tags)
          .register(registry);
      for (int i = 0; i < settings.workers(); i++) {
        Thread worker = new Thread(this::work, name() + "-worker-" + i);
        worker.setDaemon(true);
        workers.add(worker);
        worker.start();
      }
      reader = new Thread(() -> read(ch), name() + "-reader");
      reader.setDaemon(true);
      reader.start();
      log.info(
          "{} listening on udp {} (queue {}, {} workers, max packet {} bytes)",
          name(),
          ch.getLocalAddress(),
          settings.queueSize(),
          settings.workers(),
          settings.maxPacketSize());
    }
  }

  /** The bound port (useful when configured with port 0). */
  public int port() {
    synchronized (lock) {
      if (channel == null) {
        throw new IllegalStateException(name() + " not started");
      }
      try {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private void read(DatagramChannel ch) {
    // One extra byte tells a datagram of exactly the limit from one the OS truncated.
    ByteBuffer buffer = ByteBuffer.allocateDirect(settings.maxPacketSize() + 1);
    while (ch.isOpen()) {
      buffer.clear();
      SocketAddress from;
      try {
        from = ch.receive(buffer);
      } catch (ClosedChannelException e) {
        break; // close(): includes AsynchronousCloseException
      } catch (IOException e) {
        readErrors.increment();
        malformedLog.warn("{}: socket read failed: {}", name(), e.toString());
        continue;
      }
      if (from == null) {
        continue;
      }
      int length = buffer.position();
      lastPacketSize.set(length);
      if (length > settings.maxPacketSize()) {
        readErrors.increment();
        countMalformed("too_large");
        malformedLog.warn(
            "{}: dropped a packet from {} larger than server-max-packet-size {}",
            name(),
            from,
            settings.maxPacketSize());
        continue;
      }
      byte[] packet;
      try {
        packet = new byte[length];
      } catch (OutOfMemoryError e) {
        // Shed load rather than lose the reader thread; the heap is too small for the rate.
        packetsDropped.increment();
        malformedLog.warn("{}: out of heap, dropping packets: {}", name(), e.toString());
        continue;
      }
      buffer.flip();
      buffer.get(packet);
      if (queue.offer(packet)) {
        packetsProcessed.increment();
      } else {
        packetsDropped.increment();
      }
    }
  }

  private void work() {
    while (true) {
      byte[] packet;
      try {
        packet = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (packet == null) {
        if (draining) {
          return;
        }
        continue;
      }
      try {
        process(packet);
      } catch (OutOfMemoryError e) {
        // Keep the worker: the packet is lost (counted), the next one may fit.
        packetsDropped.increment();
        malformedLog.warn(
            "{}: out of heap while decoding, packet dropped: {}", name(), e.toString());
      }
    }
  }

  private void process(byte[] packet) {
    ConversionResult decoded;
    try {
      decoded = decoder.decode(packet, packet.length);
    } catch (ThriftDecodeException e) {
      handlerErrors.increment();
      countMalformed(e.reason());
      malformedLog.warn(
          "{}: malformed packet of {} bytes ({}): {}",
          name(),
          packet.length,
          e.reason(),
          e.getMessage());
      return;
    } catch (RuntimeException e) {
      // A decoder bug must cost one packet, never the worker.
      handlerErrors.increment();
      countMalformed("decoder_error");
      malformedLog.warn("{}: decoder failed on a {} byte packet: {}", name(), packet.length, e);
      return;
    }
    for (ConversionResult.Rejected rejected : decoded.rejected()) {
      countRejected(rejected.reason());
      malformedLog.warn(
          "{}: rejected a span ({}): {}", name(), rejected.reason(), rejected.detail());
    }
    List<Span> spans = decoded.spans();
    if (spans.isEmpty()) {
      return;
    }
    spansReceived.increment(spans.size());
    try {
      sink.accept(agentTags.apply(spans));
    } catch (RuntimeException e) {
      malformedLog.warn("{}: reporter rejected {} spans: {}", name(), spans.size(), e.toString());
    }
  }

  private void countMalformed(String reason) {
    String label = reason == null || reason.isBlank() ? "unknown" : reason;
    malformedByReason
        .computeIfAbsent(
            label,
            r ->
                Counter.builder("spanflow.agent.udp.malformed.packets")
                    .description("Packets that could not be decoded, by reason")
                    .tags(tags.and("reason", r))
                    .register(registry))
        .increment();
  }

  private void countRejected(String reason) {
    rejectedByReason
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("spanflow.agent.udp.spans.rejected")
                    .description("Spans left out of a readable packet because they were invalid")
                    .tags(tags.and("reason", r))
                    .register(registry))
        .increment();
  }

  @Override
  public CheckResult check() {
    synchronized (lock) {
      if (channel == null) {
        return CheckResult.failed(closed ? "closed" : "not started");
      }
      if (!channel.isOpen() || !reader.isAlive()) {
        return CheckResult.failed("udp socket " + settings.hostPort() + " is not receiving");
      }
      return CheckResult.ok();
    }
  }

  /** Stops receiving, then waits (up to the drain timeout) for the workers to empty the queue. */
  @Override
  public void close() {
    DatagramChannel ch;
    Thread r;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      ch = channel;
      r = reader;
    }
    if (ch == null) {
      return;
    }
    try {
      ch.close();
    } catch (IOException e) {
      log.debug("{}: closing socket: {}", name(), e.toString());
    }
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    join(r, deadline);
    int queued = queue.size();
    draining = true;
    for (Thread worker : workers) {
      join(worker, deadline);
    }
    int left = queue.size();
    if (left > 0) {
      log.warn("{}: drain timed out with {} packets still queued", name(), left);
    } else {
      log.info("{}: stopped; drained {} queued packets", name(), queued);
    }
  }

  private static void join(Thread thread, long deadlineNanos) {
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      return;
    }
    try {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ThriftUdpServer{" + endpoint + ", " + settings + ", " + agentTags + "}";
  }

  /** Assembles a {@link ThriftUdpServer}. */
  public static final class Builder {
    private final AgentEndpoint endpoint;
    private PacketDecoder decoder;
    private UdpServerSettings settings;
    private SpanSink sink;
    private AgentTags agentTags = AgentTags.none();
    private Duration drainTimeout = Duration.ofSeconds(5);
    private MeterRegistry registry;

    private Builder(AgentEndpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    public Builder settings(UdpServerSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Replaces the endpoint's own decoder (tests: a decoder that blocks or counts). */
    public Builder decoder(PacketDecoder decoder) {
      this.decoder = Objects.requireNonNull(decoder, "decoder");
      return this;
    }

    /** Receives the decoded spans (the reporter). */
    public Builder sink(SpanSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** Process tags appended to every span (default none). */
    public Builder agentTags(AgentTags agentTags) {
      this.agentTags = Objects.requireNonNull(agentTags, "agentTags");
      return this;
    }

    /** How long {@link #close()} waits for queued packets to be decoded (default 5 s). */
    public Builder drainTimeout(Duration drainTimeout) {
      if (drainTimeout.isNegative()) {
        throw new IllegalArgumentException("drainTimeout must not be negative");
      }
      this.drainTimeout = drainTimeout;
      return this;
    }

    public Builder registry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    public ThriftUdpServer build() {
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(sink, "sink");
      Objects.requireNonNull(registry, "registry");
      return new ThriftUdpServer(this);
    }
  }
}
