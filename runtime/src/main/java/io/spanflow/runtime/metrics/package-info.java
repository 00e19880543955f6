/**
 * Metrics shared by every Spanflow process.
 *
 * <p>Naming rule for all modules: a metric that means what a Jaeger metric meant keeps Jaeger's
 * name, so existing dashboards and alerts work (for example {@code
 * jaeger_collector_spans_received_total}, {@code jaeger_agent_reporter_batches_failures_total},
 * {@code jaeger_collector_in_queue_latency} as a histogram). Every new metric is named {@code
 * spanflow_*}. With Micrometer write the dotted form ({@code "spanflow.sink.bulk.requests"}); the
 * Prometheus registry turns dots into underscores and adds {@code _total} to counters and the base
 * unit to timers ({@code _seconds}). Keep label values low-cardinality (service and operation names
 * only where Jaeger had them).
 */
package io.spanflow.runtime.metrics;
