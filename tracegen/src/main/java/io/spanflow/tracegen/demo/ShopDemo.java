package io.spanflow.tracegen.demo;

import io.spanflow.proto.jaeger.Span;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import io.spanflow.tracegen.send.Outcome;
import io.spanflow.tracegen.send.Protocol;
import io.spanflow.tracegen.send.SpanSender;
import io.spanflow.tracegen.traces.GeneratedTrace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link ShopApplication} as a component: a background thread serves a steady stream of
 * shop requests and reports each service's spans through that service's client protocol. Closing it
 * stops the stream; nothing is buffered, so there is nothing to flush.
 */
public final class ShopDemo implements Component {
  private static final Logger log = LoggerFactory.getLogger(ShopDemo.class);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(60);

  private final Builder config;
  private final AtomicLong traces = new AtomicLong();
  private final AtomicLong failedTraces = new AtomicLong();
  private final AtomicLong slowTraces = new AtomicLong();
  private final AtomicLong refusedRequests = new AtomicLong();
  private final Map<Protocol, SpanSender> senders = new EnumMap<>(Protocol.class);
  private volatile Thread thread;
  private volatile boolean stopping;
  private volatile String lastFailure;

  private ShopDemo(Builder config) {
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public void start() {
    for (Protocol protocol : ShopApplication.CLIENTS.values()) {
      senders.computeIfAbsent(protocol, p -> p.newSender(config.endpoints.get(p)));
    }
    Thread t = new Thread(this::serve, "spanflow-demo");
    t.setDaemon(true);
    thread = t;
    t.start();
    log.info(
        "demo shop started: {} requests/s; frontend, cart, inventory report over Jaeger UDP; "
            + "checkout, payment over OTLP gRPC; recommendation over OTLP HTTP; catalog over "
            + "Zipkin JSON",
        config.requestsPerSecond);
  }

  private void serve() {
    ShopApplication shop = new ShopApplication(config.seed);
    long interval = (long) (1e9 / config.requestsPerSecond);
    long next = System.nanoTime();
    long nextReport = next + REPORT_EVERY.toNanos();
    while (!stopping) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
        continue;
      }
      next = Math.max(next + interval, System.nanoTime() - 1_000_000_000L);
      send(shop.next(Instant.now()));
      if (System.nanoTime() - nextReport >= 0) {
        nextReport += REPORT_EVERY.toNanos();
        log.info(
            "demo: {} traces sent ({} with errors, {} slow), {} requests refused",
            traces.get(),
            failedTraces.get(),
            slowTraces.get(),
            refusedRequests.get());
      }
    }
  }

  /** Each service's spans go out through its own client, as in a real deployment. */
  void send(GeneratedTrace trace) {
    Map<Protocol, List<Span>> byProtocol = new LinkedHashMap<>();
    for (Span span : trace.spans()) {
      Protocol protocol =
          ShopApplication.CLIENTS.getOrDefault(
              span.getProcess().getServiceName(), Protocol.JAEGER_UDP_COMPACT);
      byProtocol.computeIfAbsent(protocol, p -> new ArrayList<>()).add(span);
    }
    byProtocol.forEach(
        (protocol, spans) -> {
          Outcome outcome = senders.get(protocol).send(spans);
          if (outcome.status() != Outcome.Status.ACCEPTED) {
            if (refusedRequests.getAndIncrement() % 100 == 0) {
              log.warn("demo: {} refused spans: {}", protocol.flag(), outcome.detail());
            }
            lastFailure = protocol.flag() + ": " + outcome.detail();
          }
        });
    traces.incrementAndGet();
    if (trace.failed()) {
      failedTraces.incrementAndGet();
    }
    if (trace.slow()) {
      slowTraces.incrementAndGet();
    }
  }

  public long tracesSent() {
    return traces.get();
  }

  @Override
  public CheckResult check() {
    Thread t = thread;
    if (t == null || !t.isAlive()) {
      return CheckResult.failed("demo not running");
    }
    return CheckResult.ok();
  }

  @Override
  public void close() {
    stopping = true;
    Thread t = thread;
    if (t != null) {
      try {
        // Let the request in flight finish; interrupt only a thread that does not stop.
        t.join(5_000);
        if (t.isAlive()) {
          t.interrupt();
          t.join(1_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    senders.values().forEach(SpanSender::close);
    senders.clear();
    if (lastFailure != null) {
      log.info("demo stopped after {} traces; last refusal: {}", traces.get(), lastFailure);
    }
  }

  /** Where each protocol is sent and how fast; defaults are the standard local ports. */
  public static final class Builder {
    private final Map<Protocol, String> endpoints = new EnumMap<>(Protocol.class);
    private double requestsPerSecond = 5;
    private long seed = System.nanoTime();

    private Builder() {
      for (Protocol p : Protocol.values()) {
        endpoints.put(p, "127.0.0.1:" + p.defaultPort());
      }
    }

    public Builder endpoint(Protocol protocol, String hostPort) {
      endpoints.put(protocol, Objects.requireNonNull(hostPort, "hostPort"));
      return this;
    }

    public Builder requestsPerSecond(double rate) {
      if (!(rate > 0)) {
        throw new IllegalArgumentException("rate must be positive: " + rate);
      }
      this.requestsPerSecond = rate;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public ShopDemo build() {
      return new ShopDemo(this);
    }
  }
}
