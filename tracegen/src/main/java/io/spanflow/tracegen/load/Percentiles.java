package io.spanflow.tracegen.load;

import java.util.Arrays;

/** Collects latencies (thread-safe, up to a cap) and reports percentiles. */
final class Percentiles {
  private static final int CAP = 2_000_000;

  private long[] values = new long[1024];
  private int size;

  synchronized void add(long value) {
    if (size == CAP) {
      return;
    }
    if (size == values.length) {
      values = Arrays.copyOf(values, Math.min(CAP, size * 2));
    }
    values[size++] = value;
  }

  synchronized int count() {
    return size;
  }

  /** The value at quantile {@code q} (0..1), or -1 when empty. */
  synchronized long quantile(double q) {
    if (size == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(q * size) - 1));
    return sorted[index];
  }
}
