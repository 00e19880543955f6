package io.spanflow.agent.reporter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Spans waiting to be sent, held as protobuf bytes and bounded by what they cost on the heap
 * (payload plus a small per-entry overhead). A batch taken out stays counted until {@link
 * #release(long)}, so spans being retried still occupy the buffer and new arrivals are dropped once
 * it is full, never the spans already accepted.
 */
final class SpanBuffer {
  private final long maxBytes;
  private final ArrayDeque<EncodedSpan> spans = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long queuedBytes;
  private long inFlightBytes;
  private boolean flushing;

  SpanBuffer(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("buffer size must be positive: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** Adds what fits; returns how many spans did not fit (the caller counts them as dropped). */
  int offer(List<EncodedSpan> in) {
    int rejected = 0;
    lock.lock();
    try {
      for (EncodedSpan span : in) {
        long size = span.cost();
        if (queuedBytes + inFlightBytes + size > maxBytes) {
          rejected++;
        } else {
          spans.addLast(span);
          queuedBytes += size;
        }
      }
      if (rejected < in.size()) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    return rejected;
  }

  /**
   * Takes the next batch: waits up to {@code poll} for a first span, then up to {@code linger} for
   * the batch to fill to {@code maxSpans} or {@code maxBatchBytes}. Returns an empty list when
   * nothing arrived within {@code poll}. The taken bytes stay counted until released.
   */
  List<EncodedSpan> take(int maxSpans, long maxBatchBytes, long lingerNanos, long pollNanos)
      throws InterruptedException {
    lock.lock();
    try {
      long wait = pollNanos;
      while (spans.isEmpty()) {
        if (wait <= 0) {
          return List.of();
        }
        wait = changed.awaitNanos(wait);
      }
      long deadline = System.nanoTime() + lingerNanos;
      long remaining = lingerNanos;
      while (remaining > 0 && !flushing && spans.size() < maxSpans && queuedBytes < maxBatchBytes) {
        remaining = changed.awaitNanos(remaining);
        remaining = Math.min(remaining, deadline - System.nanoTime());
      }
      List<EncodedSpan> batch = new ArrayList<>(Math.min(maxSpans, spans.size()));
      long batchBytes = 0;
      while (!spans.isEmpty() && batch.size() < maxSpans) {
        long size = spans.peekFirst().cost();
        if (!batch.isEmpty() && batchBytes + size > maxBatchBytes) {
          break;
        }
        batch.add(spans.pollFirst());
        batchBytes += size;
      }
      queuedBytes -= batchBytes;
      inFlightBytes += batchBytes;
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** A taken batch is done with (delivered or given up); its bytes become free. */
  void release(long bytes) {
    lock.lock();
    try {
      inFlightBytes -= bytes;
    } finally {
      lock.unlock();
    }
  }

  /** From now on {@link #take} does not linger: batches leave as soon as spans are there. */
  void flushNow() {
    lock.lock();
    try {
      flushing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Removes every queued span (on a failed shutdown flush); returns how many. */
  int clear() {
    lock.lock();
    try {
      int n = spans.size();
      spans.clear();
      queuedBytes = 0;
      return n;
    } finally {
      lock.unlock();
    }
  }

  int queuedSpans() {
    lock.lock();
    try {
      return spans.size();
    } finally {
      lock.unlock();
    }
  }

  /** Bytes held: queued plus in flight. */
  long bytes() {
    lock.lock();
    try {
      return queuedBytes + inFlightBytes;
    } finally {
      lock.unlock();
    }
  }

  static long sizeOf(List<EncodedSpan> batch) {
    long bytes = 0;
    for (EncodedSpan span : batch) {
      bytes += span.cost();
    }
    return bytes;
  }
}
