package io.spanflow.agent.reporter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers spans and sends them to the collectors in batches (up to a span count or a byte size, or
 * whatever arrived within the batch delay), one batch at a time, retrying a failed batch with
 * exponential backoff until a collector takes it.
 *
 * <p>Spans are buffered as protobuf bytes and sent as a pre-serialized request, so the heap they
 * take is close to the bound. The buffer is bounded in bytes and holds the batch being retried:
 * while the collectors are down it fills, and spans that do not fit are dropped and counted ({@code
 * spanflow_agent_reporter_spans_dropped_total{reason="buffer_full"}}); the order of accepted spans
 * is kept. {@link #close()} sends everything still buffered, retrying until the flush timeout.
 *
 * <p>Metrics keep Jaeger's names with {@code format="jaeger"}: {@code
 * jaeger_agent_reporter_batches_submitted_total}, {@code ..._batches_failures_total} (each failed
 * attempt), {@code ..._spans_submitted_total}, {@code ..._spans_failures_total}, {@code
 * jaeger_agent_reporter_batch_size}.
 */
public final class BatchingReporter implements Component, SpanSink {
  private static final Logger log = LoggerFactory.getLogger(BatchingReporter.class);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final BatchSender sender;
  private final int maxBatchSpans;
  private final int senders;
  private final long maxBatchBytes;
  private final Duration batchDelay;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration flushTimeout;
  private final SpanBuffer buffer;

  private final Counter batchesSubmitted;
  private final Counter batchesFailures;
  private final Counter spansSubmitted;
  private final Counter spansFailures;
  private final Counter droppedBufferFull;
  private final Counter droppedShutdown;
  private final Counter droppedOutOfMemory;
  private final AtomicLong lastBatchSize = new AtomicLong();

  private final Object lock = new Object();
  private final Object backoffSignal = new Object();
  private final List<Thread> senderThreads = new ArrayList<>();
  private volatile boolean closing;
  private volatile long flushDeadlineNanos;
  private boolean closed;
  private long nextFailureLogNanos = System.nanoTime();

  private BatchingReporter(Builder b) {
    this.sender = b.sender;
    this.maxBatchSpans = b.maxBatchSpans;
    this.senders = b.senders;
    this.maxBatchBytes = b.maxBatchBytes;
    this.batchDelay = b.batchDelay;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.flushTimeout = b.flushTimeout;
    this.buffer = new SpanBuffer(b.bufferMaxBytes);

    MeterRegistry registry = b.registry;
    Tags format = Tags.of("format", "jaeger");
    this.batchesSubmitted =
        Counter.builder("jaeger.agent.reporter.batches.submitted")
            .description("Batches the collector accepted")
            .tags(format)
            .register(registry);
    this.batchesFailures =
        Counter.builder("jaeger.agent.reporter.batches.failures")
            .description("Failed attempts to send a batch (each is retried)")
            .tags(format)
            .register(registry);
    this.spansSubmitted =
        Counter.builder("jaeger.agent.reporter.spans.submitted")
            .description("Spans the collector accepted")
            .tags(format)
            .register(registry);
    this.spansFailures =
        Counter.builder("jaeger.agent.reporter.spans.failures")
            .description("Spans in failed send attempts (each is retried)")
            .tags(format)
            .register(registry);
    Gauge.builder("jaeger.agent.reporter.batch_size", lastBatchSize, AtomicLong::get)
        .description("Spans in the last batch sent")
        .tags(format)
        .register(registry);
    this.droppedBufferFull =
        Counter.builder("spanflow.agent.reporter.spans.dropped")
            .description("Spans dropped by the reporter")
            .tags("reason", "buffer_full")
            .register(registry);
    this.droppedShutdown =
        Counter.builder("spanflow.agent.reporter.spans.dropped")
            .description("Spans dropped by the reporter")
            .tags("reason", "shutdown")
            .register(registry);
    this.droppedOutOfMemory =
        Counter.builder("spanflow.agent.reporter.spans.dropped")
            .description("Spans dropped by the reporter")
            .tags("reason", "out_of_memory")
            .register(registry);
    Gauge.builder("spanflow.agent.reporter.buffer.spans", buffer, SpanBuffer::queuedSpans)
        .description("Spans waiting to be sent")
        .register(registry);
    Gauge.builder("spanflow.agent.reporter.buffer.bytes", buffer, SpanBuffer::bytes)
        .description("Bytes held in the buffer, including the batch being sent")
        .register(registry);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "grpc-reporter";
  }

  @Override
  public void start() {
    synchronized (lock) {
      if (!senderThreads.isEmpty() || closed) {
        throw new IllegalStateException("reporter already started or closed");
      }
      for (int i = 0; i < senders; i++) {
        Thread thread = new Thread(this::sendLoop, "grpc-reporter-sender-" + i);
        thread.setDaemon(true);
        senderThreads.add(thread);
        thread.start();
      }
    }
  }

  /** Serializes the spans (on the caller's thread: the receivers' workers) and buffers them. */
  @Override
  public void accept(List<Span> spans) {
    List<EncodedSpan> encoded = new ArrayList<>(spans.size());
    for (Span span : spans) {
      encoded.add(EncodedSpan.of(span));
    }
    int rejected = buffer.offer(encoded);
    if (rejected > 0) {
      droppedBufferFull.increment(rejected);
    }
  }

  private void sendLoop() {
    long lingerNanos = batchDelay.toNanos();
    try {
      while (true) {
        boolean flushing = closing;
        if (flushing && buffer.queuedSpans() == 0) {
          return;
        }
        List<EncodedSpan> spans =
            buffer.take(maxBatchSpans, maxBatchBytes, flushing ? 0 : lingerNanos, POLL_NANOS);
        if (spans.isEmpty()) {
          continue;
        }
        long bytes = SpanBuffer.sizeOf(spans);
        try {
          deliver(spans);
        } catch (OutOfMemoryError e) {
          // Losing this batch beats losing the sender thread (and everything after it).
          droppedOutOfMemory.increment(spans.size());
          log.error("Out of heap while sending {} spans; batch dropped", spans.size());
        } finally {
          buffer.release(bytes);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deliver(List<EncodedSpan> spans) throws InterruptedException {
    EncodedBatch batch = EncodedBatch.of(spans);
    long backoff = initialBackoff.toNanos();
    while (true) {
      try {
        sender.send(batch);
        batchesSubmitted.increment();
        spansSubmitted.increment(spans.size());
        lastBatchSize.set(spans.size());
        return;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        batchesFailures.increment();
        spansFailures.increment(spans.size());
        logFailure(spans.size(), e);
      }
      long wait = backoff;
      if (closing) {
        long left = flushDeadlineNanos - System.nanoTime();
        if (left <= 0) {
          droppedShutdown.increment(spans.size());
          log.warn(
              "Flush timeout: dropped a batch of {} spans no collector accepted", spans.size());
          return;
        }
        wait = Math.min(wait, left);
      }
      pause(wait);
      backoff = Math.min(backoff * 2, maxBackoff.toNanos());
    }
  }

  private void pause(long nanos) throws InterruptedException {
    synchronized (backoffSignal) {
      TimeUnit.NANOSECONDS.timedWait(backoffSignal, nanos);
    }
  }

  private synchronized void logFailure(int spans, Exception e) {
    long now = System.nanoTime();
    if (now - nextFailureLogNanos >= 0) {
      nextFailureLogNanos = now + FAILURE_LOG_INTERVAL_NANOS;
      log.warn(
          "Could not send {} spans to a collector, retrying ({} spans buffered): {}",
          spans,
          buffer.queuedSpans(),
          e.toString());
    }
  }

  /** Healthy while the sender threads run; collectors being down shows in the metrics instead. */
  @Override
  public CheckResult check() {
    synchronized (lock) {
      if (senderThreads.isEmpty()) {
        return CheckResult.failed(closed ? "closed" : "not started");
      }
      for (Thread thread : senderThreads) {
        if (!thread.isAlive() && !closing) {
          return CheckResult.failed("sender thread " + thread.getName() + " stopped");
        }
      }
      return CheckResult.ok();
    }
  }

  /**
   * Sends what is buffered, retrying until the flush timeout; spans still unsent then are dropped
   * and counted. Receivers must be closed first so that nothing arrives after the flush.
   */
  @Override
  public void close() {
    List<Thread> threads;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      threads = List.copyOf(senderThreads);
    }
    flushDeadlineNanos = System.nanoTime() + flushTimeout.toNanos();
    closing = true;
    buffer.flushNow();
    synchronized (backoffSignal) {
      backoffSignal.notifyAll(); // retry now rather than after a long backoff
    }
    // The last attempt may start just before the deadline and take its RPC timeout.
    long joinDeadline = System.nanoTime() + flushTimeout.toNanos() + TimeUnit.SECONDS.toNanos(10);
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        thread.interrupt();
      }
    }
    int left = buffer.clear();
    if (left > 0) {
      droppedShutdown.increment(left);
      log.warn("Reporter closed with {} spans unsent (flush timeout {})", left, flushTimeout);
    } else {
      log.info("Reporter flushed; {} spans sent in total", (long) spansSubmitted.count());
    }
  }

  @Override
  public String toString() {
    return "BatchingReporter{senders="
        + senders
        + ", maxBatchSpans="
        + maxBatchSpans
        + ", maxBatchBytes="
        + maxBatchBytes
        + ", batchDelay="
        + batchDelay
        + ", backoff="
        + initialBackoff
        + ".."
        + maxBackoff
        + ", flushTimeout="
        + flushTimeout
        + "}";
  }

  /** Assembles a {@link BatchingReporter}; defaults suit a sidecar. */
  public static final class Builder {
    private BatchSender sender;
    private MeterRegistry registry;
    private int maxBatchSpans = 500;
    private int senders = 1;
    private long maxBatchBytes = 1 << 20;
    private Duration batchDelay = Duration.ofMillis(200);
    private long bufferMaxBytes = 8L << 20;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private Duration flushTimeout = Duration.ofSeconds(10);

    private Builder() {}

    public Builder sender(BatchSender sender) {
      this.sender = Objects.requireNonNull(sender, "sender");
      return this;
    }

    public Builder registry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Batches in flight at once (default 1, which keeps batches in arrival order). Each sender
     * thread takes the next batch from the shared buffer; more of them hide the collector's
     * round-trip time.
     */
    public Builder senders(int count) {
      require(count > 0 && count <= 64, "senders must be in 1..64");
      this.senders = count;
      return this;
    }

    /** Most spans per batch (default 500). */
    public Builder maxBatchSpans(int spans) {
      require(spans > 0, "max batch spans must be positive");
      this.maxBatchSpans = spans;
      return this;
    }

    /** Most serialized bytes per batch (default 1 MiB; a single larger span goes alone). */
    public Builder maxBatchBytes(long bytes) {
      require(bytes > 0, "max batch bytes must be positive");
      this.maxBatchBytes = bytes;
      return this;
    }

    /** How long a batch waits to fill before it is sent (default 200 ms). */
    public Builder batchDelay(Duration delay) {
      require(!delay.isNegative(), "batch delay must not be negative");
      this.batchDelay = delay;
      return this;
    }

    /** Bytes of spans held while waiting or retrying (default 8 MiB); more are dropped. */
    public Builder bufferMaxBytes(long bytes) {
      require(bytes > 0, "buffer size must be positive");
      this.bufferMaxBytes = bytes;
      return this;
    }

    /** Backoff between retries: starts at {@code initial}, doubles up to {@code max}. */
    public Builder backoff(Duration initial, Duration max) {
      require(initial.toMillis() > 0 && max.compareTo(initial) >= 0, "bad backoff range");
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** How long {@link #close()} keeps retrying to deliver what is buffered (default 10 s). */
    public Builder flushTimeout(Duration timeout) {
      require(!timeout.isNegative(), "flush timeout must not be negative");
      this.flushTimeout = timeout;
      return this;
    }

    private static void require(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }

    public BatchingReporter build() {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(registry, "registry");
      return new BatchingReporter(this);
    }
  }
}
