package io.spanflow.processor.metrics;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.spanflow.processor.json.JsonSerde;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mergeable log-scale latency histogram: bucket i holds durations in (r^(i-1), r^i] µs with r =
 * 2^(1/4), so a percentile read from it is within 19% of the truth; exact min and max clamp it (a
 * single-sample bucket gives the exact value).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE)
public final class LatencyHistogram {

  private static final byte BINARY_V1 = 1;
  private static final double RATIO = Math.pow(2, 0.25);
  private static final double LOG_RATIO = Math.log(RATIO);

  private long count;
  private long errors;
  private long sumMicros;
  private long minMicros = Long.MAX_VALUE;
  private long maxMicros;
  private TreeMap<Integer, Long> buckets = new TreeMap<>();

  public LatencyHistogram() {}

  public LatencyHistogram add(long micros, boolean error) {
    long d = Math.max(0, micros);
    count++;
    if (error) {
      errors++;
    }
    sumMicros += d;
    minMicros = Math.min(minMicros, d);
    maxMicros = Math.max(maxMicros, d);
    buckets.merge(bucketOf(d), 1L, Long::sum);
    return this;
  }

  static int bucketOf(long micros) {
    if (micros <= 1) {
      return 0;
    }
    int i = (int) Math.ceil(Math.log(micros) / LOG_RATIO - 1e-9);
    return Math.max(i, 0);
  }

  static long upperBound(int bucket) {
    return (long) Math.ceil(Math.pow(RATIO, bucket) - 1e-9);
  }

  public long count() {
    return count;
  }

  public long errors() {
    return errors;
  }

  public long sumMicros() {
    return sumMicros;
  }

  public long minMicros() {
    return count == 0 ? 0 : minMicros;
  }

  public long maxMicros() {
    return maxMicros;
  }

  /** The q-quantile (0 < q ≤ 1), interpolated within its bucket. */
  public long percentile(double q) {
    if (count == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * count));
    long seen = 0;
    for (Map.Entry<Integer, Long> e : buckets.entrySet()) {
      if (seen + e.getValue() >= rank) {
        double lower = e.getKey() == 0 ? 0 : Math.pow(RATIO, e.getKey() - 1);
        double upper = Math.pow(RATIO, e.getKey());
        double v = lower + (upper - lower) * (rank - seen) / (double) e.getValue();
        return Math.min(maxMicros, Math.max(minMicros(), Math.round(v)));
      }
      seen += e.getValue();
    }
    return maxMicros;
  }

  /**
   * Compact binary form for the aggregation's store and changelog: a version byte, the five totals,
   * then (bucket, count) pairs. {@link #fromBytes} also reads the JSON that earlier versions
   * stored.
   */
  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(1 + 5 * 8 + 4 + buckets.size() * 12);
    b.put(BINARY_V1).putLong(count).putLong(errors).putLong(sumMicros);
    b.putLong(minMicros).putLong(maxMicros).putInt(buckets.size());
    buckets.forEach((bucket, n) -> b.putInt(bucket).putLong(n));
    return b.array();
  }

  public static LatencyHistogram fromBytes(byte[] data) throws IOException {
    if (data.length > 0 && data[0] == '{') {
      return JsonSerde.MAPPER.readValue(data, LatencyHistogram.class);
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    if (b.get() != BINARY_V1) {
      throw new IOException("unknown histogram encoding " + data[0]);
    }
    LatencyHistogram h = new LatencyHistogram();
    h.count = b.getLong();
    h.errors = b.getLong();
    h.sumMicros = b.getLong();
    h.minMicros = b.getLong();
    h.maxMicros = b.getLong();
    for (int i = b.getInt(); i > 0; i--) {
      h.buckets.put(b.getInt(), b.getLong());
    }
    return h;
  }

  /** Upper bounds (µs) of the non-empty buckets, ascending. */
  public List<Long> bounds() {
    List<Long> out = new ArrayList<>(buckets.size());
    buckets.keySet().forEach(i -> out.add(upperBound(i)));
    return out;
  }

  /** Counts matching {@link #bounds()}, plus a last 0 for "above the last bound". */
  public List<Long> counts() {
    List<Long> out = new ArrayList<>(buckets.size() + 1);
    out.addAll(buckets.values());
    out.add(0L);
    return out;
  }
}
