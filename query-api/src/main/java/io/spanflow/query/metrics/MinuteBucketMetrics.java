package io.spanflow.query.metrics;

import io.spanflow.schemas.es.SpanMetricsDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns per-minute RED buckets into Jaeger's series, the way Jaeger's Prometheus queries do: a
 * point every {@code step} from {@code endTs - lookback} to {@code endTs}, each over the buckets in
 * {@code [t - ratePer, t)}. Calls are per second; errors a fraction of calls (NaN with no calls);
 * latencies the quantile of the merged latency histograms, in milliseconds, interpolated linearly
 * inside a bucket as Prometheus' {@code histogram_quantile}.
 */
public final class MinuteBucketMetrics {

  /** The size of a span-metrics bucket, hence the smallest useful step. */
  public static final Duration BUCKET = Duration.ofMinutes(1);

  private MinuteBucketMetrics() {}

  public static MetricFamily callRates(MetricsQuery q, List<SpanMetricsDocument> docs) {
    double perSecond = q.ratePer().toMillis() / 1000.0;
    return family(
        q,
        docs,
        q.groupByOperation() ? "service_operation_call_rate" : "service_call_rate",
        q.groupByOperation()
            ? "calls/sec, grouped by service & operation"
            : "calls/sec, grouped by service",
        window -> sum(window, true) / perSecond);
  }

  public static MetricFamily errorRates(MetricsQuery q, List<SpanMetricsDocument> docs) {
    return family(
        q,
        docs,
        q.groupByOperation() ? "service_operation_error_rate" : "service_error_rate",
        "error rate, computed as a fraction of errors/sec over calls/sec, grouped by service"
            + (q.groupByOperation() ? " & operation" : ""),
        window -> {
          double calls = sum(window, true);
          return calls == 0 ? Double.NaN : sum(window, false) / calls;
        });
  }

  public static MetricFamily latencies(
      MetricsQuery q, double quantile, List<SpanMetricsDocument> docs) {
    return family(
        q,
        docs,
        q.groupByOperation() ? "service_operation_latencies" : "service_latencies",
        String.format(Locale.ROOT, "%.2fth quantile latency, grouped by service", quantile)
            + (q.groupByOperation() ? " & operation" : ""),
        window -> quantileMillis(window, quantile));
  }

  private interface WindowValue {
    double of(List<SpanMetricsDocument> window);
  }

  private static MetricFamily family(
      MetricsQuery q, List<SpanMetricsDocument> docs, String name, String help, WindowValue value) {
    Map<List<String>, List<SpanMetricsDocument>> bySeries =
        new TreeMap<>(MinuteBucketMetrics::compareKeys);
    for (SpanMetricsDocument d : docs) {
      List<String> key =
          q.groupByOperation()
              ? List.of(d.serviceName(), d.operationName())
              : List.of(d.serviceName());
      bySeries.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
    }
    List<MetricFamily.Series> series = new ArrayList<>();
    Instant start = q.endTs().minus(q.lookback());
    for (Map.Entry<List<String>, List<SpanMetricsDocument>> e : bySeries.entrySet()) {
      List<MetricFamily.Point> points = new ArrayList<>();
      for (Instant t = start; !t.isAfter(q.endTs()); t = t.plus(q.step())) {
        Instant from = t.minus(q.ratePer());
        Instant to = t;
        List<SpanMetricsDocument> window = new ArrayList<>();
        for (SpanMetricsDocument d : e.getValue()) {
          if (!d.timestamp().isBefore(from) && d.timestamp().isBefore(to)) {
            window.add(d);
          }
        }
        points.add(new MetricFamily.Point(t, value.of(window)));
      }
      List<MetricFamily.Label> labels = new ArrayList<>();
      labels.add(new MetricFamily.Label("service_name", e.getKey().get(0)));
      if (q.groupByOperation()) {
        labels.add(new MetricFamily.Label("operation", e.getKey().get(1)));
      }
      series.add(new MetricFamily.Series(labels, points));
    }
    return new MetricFamily(name, help, series);
  }

  private static int compareKeys(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static double sum(List<SpanMetricsDocument> window, boolean calls) {
    double total = 0;
    for (SpanMetricsDocument d : window) {
      total += calls ? d.callCount() : d.errorCount();
    }
    return total;
  }

  /** Prometheus-style: find the bucket holding the rank, interpolate between its bounds. */
  static double quantileMillis(List<SpanMetricsDocument> window, double quantile) {
    TreeMap<Long, Long> countsByUpperBound = new TreeMap<>();
    long overflow = 0;
    long maxMicros = 0;
    for (SpanMetricsDocument d : window) {
      List<Long> bounds = d.latencyBoundsMicros();
      List<Long> counts = d.latencyCounts();
      for (int i = 0; i < counts.size(); i++) {
        if (i < bounds.size()) {
          countsByUpperBound.merge(bounds.get(i), counts.get(i), Long::sum);
        } else {
          overflow += counts.get(i);
        }
      }
      maxMicros = Math.max(maxMicros, d.durationMaxMicros());
    }
    long total = overflow;
    for (long c : countsByUpperBound.values()) {
      total += c;
    }
    if (total == 0) {
      return Double.NaN;
    }
    double rank = quantile * total;
    long seen = 0;
    long lower = 0;
    for (Map.Entry<Long, Long> b : countsByUpperBound.entrySet()) {
      long count = b.getValue();
      if (count > 0 && seen + count >= rank) {
        double fraction = (rank - seen) / count;
        return (lower + (b.getKey() - lower) * fraction) / 1000.0;
      }
      seen += count;
      lower = b.getKey();
    }
    // In the open-ended bucket: the largest duration seen is the best upper bound there is.
    double fraction = overflow == 0 ? 1 : (rank - seen) / overflow;
    long upper = Math.max(maxMicros, lower);
    return (lower + (upper - lower) * fraction) / 1000.0;
  }

  /** {@code SPAN_KIND_SERVER} → {@code server}, Jaeger's kind in the documents. */
  public static String documentSpanKind(String otelKind) {
    String k =
        otelKind.startsWith("SPAN_KIND_") ? otelKind.substring("SPAN_KIND_".length()) : otelKind;
    return k.equals("UNSPECIFIED") ? "" : k.toLowerCase(Locale.ROOT);
  }
}
