package io.spanflow.query.metrics;

import java.time.Duration;

/** Reads RED metrics (rate, errors, duration) per service or service/operation. */
public interface MetricsReader {

  /** Calls per second, one series per service (or service and operation). */
  MetricFamily callRates(MetricsQuery query);

  /** Fraction of calls that failed, per series; NaN where there were no calls. */
  MetricFamily errorRates(MetricsQuery query);

  /** Latency at {@code quantile} (0..1) in milliseconds, per series. */
  MetricFamily latencies(MetricsQuery query, double quantile);

  /** The finest step the storage has (its bucket size). */
  Duration minStep();
}
