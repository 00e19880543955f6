package io.spanflow.collector.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: {@code concurrency} requests in flight, each next one sent when one completes,
 * for a fixed time. Counts spans of acknowledged requests only and keeps every request's latency.
 */
final class LoadRun {
  /** What one timed run measured. */
  record Result(
      long requests,
      long ackedSpans,
      double seconds,
      double p50Millis,
      double p99Millis,
      Map<String, Long> failures) {
    double spansPerSecond() {
      return ackedSpans / seconds;
    }
  }

  private final LoadTarget target;
  private final int concurrency;
  private final int spansPerRequest;
  private final AtomicLong requestNumber = new AtomicLong();
  private final AtomicLong ackedTotal = new AtomicLong();

  LoadRun(LoadTarget target, int concurrency, int spansPerRequest) {
    this.target = target;
    this.concurrency = concurrency;
    this.spansPerRequest = spansPerRequest;
  }

  /** Spans acknowledged over every run of this target, warm-up included. */
  long ackedTotal() {
    return ackedTotal.get();
  }

  Result run(Duration duration) throws InterruptedException {
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicLong acked = new AtomicLong();
    AtomicInteger count = new AtomicInteger();
    long[][] latencies = {new long[1 << 16]};
    Map<String, Long> failures = new ConcurrentHashMap<>();
    long t0 = System.nanoTime();
    long end = t0 + duration.toNanos();
    while (System.nanoTime() < end) {
      inFlight.acquire();
      long sent = System.nanoTime();
      target
          .send(requestNumber.getAndIncrement())
          .whenComplete(
              (outcome, error) -> {
                long latency = System.nanoTime() - sent;
                String label = error != null ? error.getClass().getSimpleName() : outcome;
                if (LoadTarget.OK.equals(label)) {
                  acked.addAndGet(spansPerRequest);
                  ackedTotal.addAndGet(spansPerRequest);
                } else {
                  failures.merge(label, 1L, Long::sum);
                }
                synchronized (latencies) {
                  int i = count.getAndIncrement();
                  if (i == latencies[0].length) {
                    latencies[0] = Arrays.copyOf(latencies[0], i * 2);
                  }
                  latencies[0][i] = latency;
                }
                inFlight.release();
              });
    }
    if (!inFlight.tryAcquire(concurrency, 60, TimeUnit.SECONDS)) {
      failures.merge("unanswered", (long) concurrency - inFlight.availablePermits(), Long::sum);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long[] sorted;
    synchronized (latencies) {
      sorted = Arrays.copyOf(latencies[0], count.get());
    }
    Arrays.sort(sorted);
    return new Result(
        sorted.length,
        acked.get(),
        seconds,
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        new TreeMap<>(failures));
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }
}
