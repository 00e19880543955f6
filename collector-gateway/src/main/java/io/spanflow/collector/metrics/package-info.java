/**
 * The collector's metrics, named as Jaeger's collector names them where a Jaeger metric means the
 * same thing ({@code jaeger_collector_*}), so existing dashboards and alerts keep working; the rest
 * are {@code spanflow_collector_*}.
 */
package io.spanflow.collector.metrics;
