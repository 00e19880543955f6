package io.spanflow.agent.udp;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * At most one warning per interval, with the count of those suppressed since the last one: a client
 * stuck sending garbage must not flood the log (the metric has the full count).
 */
final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final AtomicLong nextAllowed;
  private final AtomicLong suppressed = new AtomicLong();

  RateLimitedLog(Logger log, long interval, TimeUnit unit, LongSupplier nanoClock) {
    this.log = log;
    this.intervalNanos = unit.toNanos(interval);
    this.nanoClock = nanoClock;
    this.nextAllowed = new AtomicLong(nanoClock.getAsLong());
  }

  /** Logs {@code format} (slf4j style) unless one was logged within the interval. */
  boolean warn(String format, Object... args) {
    long now = nanoClock.getAsLong();
    long next = nextAllowed.get();
    if (now - next < 0 || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
      suppressed.incrementAndGet();
      return false;
    }
    long skipped = suppressed.getAndSet(0);
    if (skipped > 0) {
      log.warn(format + " ({} similar messages suppressed)", append(args, skipped));
    } else {
      log.warn(format, args);
    }
    return true;
  }

  private static Object[] append(Object[] args, Object extra) {
    Object[] out = new Object[args.length + 1];
    System.arraycopy(args, 0, out, 0, args.length);
    out[args.length] = extra;
    return out;
  }
}
