package io.spanflow.collector.kafka;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the spans and bytes handed to Kafka but not yet acknowledged. A request that does not fit
 * is refused at once (the caller answers 429) rather than queued, so memory stays bounded and
 * clients back off.
 */
final class InFlightBudget {
  private final long maxSpans;
  private final long maxBytes;
  private final AtomicLong spans = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  InFlightBudget(long maxSpans, long maxBytes) {
    if (maxSpans <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException("in-flight limits must be positive");
    }
    this.maxSpans = maxSpans;
    this.maxBytes = maxBytes;
  }

  /**
   * Takes room for {@code spanCount} spans of {@code byteCount} bytes, or nothing. A single batch
   * larger than the whole budget is admitted when nothing else is in flight, so an oversized but
   * legal batch is never refused forever.
   */
  boolean tryAcquire(long spanCount, long byteCount) {
    while (true) {
      long s = spans.get();
      long b = bytes.get();
      boolean idle = s == 0 && b == 0;
      if (!idle && (s + spanCount > maxSpans || b + byteCount > maxBytes)) {
        return false;
      }
      if (spans.compareAndSet(s, s + spanCount)) {
        bytes.addAndGet(byteCount);
        return true;
      }
    }
  }

  void release(long spanCount, long byteCount) {
    spans.addAndGet(-spanCount);
    bytes.addAndGet(-byteCount);
  }

  long spans() {
    return spans.get();
  }

  long bytes() {
    return bytes.get();
  }

  long maxSpans() {
    return maxSpans;
  }

  long maxBytes() {
    return maxBytes;
  }
}
