package io.spanflow.tracegen.load;

import io.spanflow.proto.jaeger.Span;
import io.spanflow.tracegen.send.Outcome;
import io.spanflow.tracegen.send.SpanSender;
import io.spanflow.tracegen.traces.GeneratedTrace;
import io.spanflow.tracegen.traces.TraceSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers traces at a paced rate from several workers through one {@link SpanSender}. A request the
 * receiver pushes back (429, RESOURCE_EXHAUSTED) or cannot take (503, UNAVAILABLE) is retried with
 * exponential backoff and jitter, up to a number of attempts; each retry is counted. Ends after a
 * duration or a number of traces, whichever comes first, or on {@link #stop()}.
 */
public final class LoadGenerator {
  private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);
  private static final long INITIAL_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  private final Builder config;
  private final SpanSender sender;
  private final Pacer pacer;
  private final AtomicLong tracesLeft;
  private volatile boolean stopped;

  private final LongAdder tracesSent = new LongAdder();
  private final LongAdder tracesAcked = new LongAdder();
  private final LongAdder spansSent = new LongAdder();
  private final LongAdder spansAcked = new LongAdder();
  private final LongAdder spansRejected = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder backpressure = new LongAdder();
  private final LongAdder unavailable = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final Percentiles requestLatency = new Percentiles();

  private LoadGenerator(Builder config) {
    this.config = config;
    this.sender = Objects.requireNonNull(config.sender, "sender");
    this.pacer = new Pacer(config.perSecond);
    this.tracesLeft = new AtomicLong(config.traceCount > 0 ? config.traceCount : Long.MAX_VALUE);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Asks the workers to finish their current request and stop. */
  public void stop() {
    stopped = true;
  }

  /** Runs to the end and returns what happened. */
  public LoadSummary run() throws InterruptedException {
    TraceLog traceLog = config.traceLog == null ? null : new TraceLog(config.traceLog);
    SearchProbe probe =
        config.probeUrl == null
            ? null
            : new SearchProbe(
                config.probeApi, config.probeUrl, config.probeInterval, config.probeTimeout);
    long start = System.nanoTime();
    long deadline = config.duration.isZero() ? Long.MAX_VALUE : start + config.duration.toNanos();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < config.workers; i++) {
      TraceSource source = config.sources.apply(i);
      Thread worker =
          new Thread(() -> work(source, deadline, traceLog, probe), "tracegen-worker-" + i);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    long nextReport = start + config.progressInterval.toNanos();
    for (Thread worker : workers) {
      while (worker.isAlive()) {
        worker.join(200);
        if (!config.progressInterval.isZero() && System.nanoTime() - nextReport >= 0) {
          nextReport += config.progressInterval.toNanos();
          log.info(progress(start));
        }
      }
    }
    long elapsed = System.nanoTime() - start;
    if (traceLog != null) {
      traceLog.close();
    }
    if (probe != null) {
      probe.awaitDone();
      probe.close();
    }
    return new LoadSummary(
        config.protocolName,
        Duration.ofNanos(elapsed),
        tracesSent.sum(),
        tracesAcked.sum(),
        spansSent.sum(),
        spansAcked.sum(),
        spansRejected.sum(),
        requests.sum(),
        backpressure.sum(),
        unavailable.sum(),
        retries.sum(),
        requestLatency.quantile(0.5),
        requestLatency.quantile(0.99),
        probe == null ? 0 : probe.latencies().count(),
        probe == null ? 0 : probe.notFound(),
        probe == null ? 0 : probe.requests(),
        probe == null ? -1 : probe.latencies().quantile(0.5),
        probe == null ? -1 : probe.latencies().quantile(0.99));
  }

  private String progress(long start) {
    long seconds = Math.max(1, (System.nanoTime() - start) / 1_000_000_000L);
    return String.format(
        "%ds: %d spans sent, %d acknowledged (%d/s), %d backpressure, %d retries",
        seconds,
        spansSent.sum(),
        spansAcked.sum(),
        spansAcked.sum() / seconds,
        backpressure.sum(),
        retries.sum());
  }

  private void work(TraceSource source, long deadline, TraceLog traceLog, SearchProbe probe) {
    while (!stopped && !Thread.currentThread().isInterrupted()) {
      int n = claim();
      if (n == 0) {
        return;
      }
      List<GeneratedTrace> traces = new ArrayList<>(n);
      List<Span> spans = new ArrayList<>();
      Instant now = Instant.now();
      for (int i = 0; i < n; i++) {
        GeneratedTrace trace = source.next(now);
        traces.add(trace);
        spans.addAll(trace.spans());
      }
      if (!pacer.acquire(config.paceSpans ? spans.size() : n, deadline) || stopped) {
        return;
      }
      long sendNanos = System.nanoTime();
      long sendMillis = System.currentTimeMillis();
      boolean acked = send(spans);
      tracesSent.add(n);
      spansSent.add(spans.size());
      if (acked) {
        tracesAcked.add(n);
        spansAcked.add(spans.size());
      } else {
        spansRejected.add(spans.size());
      }
      for (GeneratedTrace trace : traces) {
        if (traceLog != null) {
          traceLog.record(trace.traceIdHex(), sendMillis, trace.spans().size(), acked);
        }
        if (acked && probe != null) {
          probe.offer(trace.traceIdHex(), trace.spans().size(), sendNanos);
        }
      }
    }
  }

  private int claim() {
    while (true) {
      long left = tracesLeft.get();
      if (left <= 0) {
        return 0;
      }
      int n = (int) Math.min(left, config.tracesPerRequest);
      if (tracesLeft.compareAndSet(left, left - n)) {
        return n;
      }
    }
  }

  /** Sends with retries; true once accepted. */
  private boolean send(List<Span> spans) {
    long backoff = INITIAL_BACKOFF_MILLIS;
    for (int attempt = 1; ; attempt++) {
      long t0 = System.nanoTime();
      Outcome outcome = sender.send(spans);
      requestLatency.add(System.nanoTime() - t0);
      requests.increment();
      switch (outcome.status()) {
        case ACCEPTED -> {
          return true;
        }
        case BACKPRESSURE -> backpressure.increment();
        case UNAVAILABLE -> unavailable.increment();
        case REJECTED -> {
          log.warn("request refused: {}", outcome.detail());
          return false;
        }
      }
      if (attempt >= config.maxAttempts || stopped) {
        log.debug("giving up after {} attempts: {}", attempt, outcome.detail());
        return false;
      }
      retries.increment();
      try {
        Thread.sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
    }
  }

  /** Settings of one run; see the tracegen options for what each means. */
  public static final class Builder {
    private SpanSender sender;
    private String protocolName = "";
    private IntFunction<TraceSource> sources;
    private int workers = 1;
    private double perSecond;
    private boolean paceSpans;
    private Duration duration = Duration.ZERO;
    private long traceCount;
    private int tracesPerRequest = 1;
    private int maxAttempts = 10;
    private Path traceLog;
    private ProbeApi probeApi = ProbeApi.JAEGER;
    private String probeUrl;
    private Duration probeInterval = Duration.ofMillis(500);
    private Duration probeTimeout = Duration.ofSeconds(120);
    private Duration progressInterval = Duration.ZERO;

    private Builder() {}

    public Builder sender(SpanSender sender, String protocolName) {
      this.sender = Objects.requireNonNull(sender, "sender");
      this.protocolName = protocolName;
      return this;
    }

    /** A trace source per worker index. */
    public Builder sources(IntFunction<TraceSource> sources) {
      this.sources = Objects.requireNonNull(sources, "sources");
      return this;
    }

    public Builder workers(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be at least 1: " + workers);
      }
      this.workers = workers;
      return this;
    }

    /** Traces per second over all workers; 0 or less: as fast as the receiver takes them. */
    public Builder tracesPerSecond(double rate) {
      this.perSecond = rate;
      this.paceSpans = false;
      return this;
    }

    /** Spans per second over all workers (paced per request by its span count). */
    public Builder spansPerSecond(double rate) {
      this.perSecond = rate;
      this.paceSpans = true;
      return this;
    }

    /** How long to offer load; zero: until the trace count is reached. */
    public Builder duration(Duration duration) {
      this.duration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    /** How many traces to send in all; 0: no limit. */
    public Builder traceCount(long count) {
      this.traceCount = count;
      return this;
    }

    public Builder tracesPerRequest(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("traces per request must be at least 1: " + count);
      }
      this.tracesPerRequest = count;
      return this;
    }

    /** Attempts per request, the first included, before the spans count as rejected. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    public Builder traceLog(Path file) {
      this.traceLog = file;
      return this;
    }

    /**
     * Polls the query API at {@code baseUrl} for a sample of acknowledged traces, to measure send →
     * searchable; a null URL: no probe.
     */
    public Builder searchProbe(ProbeApi api, String baseUrl, Duration interval, Duration timeout) {
      this.probeApi = Objects.requireNonNull(api, "api");
      this.probeUrl = baseUrl;
      this.probeInterval = Objects.requireNonNull(interval, "interval");
      this.probeTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder progressInterval(Duration interval) {
      this.progressInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    public LoadGenerator build() {
      if (sources == null) {
        throw new IllegalStateException("no trace sources");
      }
      if (duration.isZero() && traceCount <= 0) {
        throw new IllegalStateException("give a duration or a trace count");
      }
      return new LoadGenerator(this);
    }
  }
}
