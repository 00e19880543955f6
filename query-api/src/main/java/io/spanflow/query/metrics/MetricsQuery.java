package io.spanflow.query.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Jaeger's metrics query: services (at least one), grouping, span kinds ({@code SPAN_KIND_SERVER},
 * ...), the window {@code (endTs - lookback, endTs]}, the step between points and the rate unit
 * {@code ratePer}.
 */
public record MetricsQuery(
    List<String> services,
    boolean groupByOperation,
    List<String> spanKinds,
    Instant endTs,
    Duration lookback,
    Duration step,
    Duration ratePer) {

  public MetricsQuery {
    services = List.copyOf(services);
    spanKinds = List.copyOf(spanKinds);
  }
}
