/**
 * Service performance monitoring (Jaeger's Monitor tab API): {@code /api/metrics/calls}, {@code
 * /errors}, {@code /latencies}, {@code /minstep}, read through {@link
 * io.spanflow.query.metrics.MetricsReader} and shaped like Jaeger's {@code MetricFamily} JSON.
 */
package io.spanflow.query.metrics;
