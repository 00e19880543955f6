package io.spanflow.tracegen.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Spreads units (traces or spans) evenly over time across workers: each acquisition books the next
 * slot and waits for it. A pacer that fell behind by more than a second forgets the debt instead of
 * bursting to catch up.
 */
final class Pacer {
  private static final long MAX_DEBT_NANOS = 1_000_000_000L;

  private final double nanosPerUnit;
  private final AtomicLong next = new AtomicLong(System.nanoTime());

  /** {@code perSecond <= 0}: no pacing. */
  Pacer(double perSecond) {
    this.nanosPerUnit = perSecond > 0 ? 1e9 / perSecond : 0;
  }

  /** Waits for the slot of {@code units}; false when the deadline would pass first. */
  boolean acquire(int units, long deadlineNanos) {
    if (nanosPerUnit == 0) {
      return System.nanoTime() < deadlineNanos;
    }
    long cost = Math.round(units * nanosPerUnit);
    long slot;
    while (true) {
      long now = System.nanoTime();
      long current = next.get();
      slot = Math.max(current, now - MAX_DEBT_NANOS);
      if (next.compareAndSet(current, slot + cost)) {
        break;
      }
    }
    if (slot - deadlineNanos >= 0) {
      return false;
    }
    long wait;
    while ((wait = slot - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
      if (Thread.currentThread().isInterrupted()) {
        return false;
      }
    }
    return true;
  }
}
