package io.spanflow.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.deploy.RepositoryFiles;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The comparison MonitoringIT makes, on made-up scrapes: it can fail, and says why. */
class MetricCoverageTest {

  private static Map<String, Set<String>> named() throws IOException {
    return MetricCoverage.named(
        RepositoryFiles.resolve("deploy/prometheus/spanflow-rules.yml"),
        RepositoryFiles.resolve("deploy/grafana/spanflow-dashboard.json"));
  }

  @Test
  void readsTheSignalsOfTheReferenceDeploymentFromRulesAndPanels() throws IOException {
    assertThat(named())
        .containsKeys(
            "jvm_gc_live_data_size_bytes",
            "jaeger_agent_reporter_batches_failures_total",
            "jaeger_collector_spans_rejected_total",
            "jaeger_collector_in_queue_latency_bucket",
            "kafka_consumer_fetch_manager_records_lag_max",
            "spanflow_processor_dlq_total",
            "spanflow_sink_retries_total");
    assertThat(named().get("jaeger_collector_in_queue_latency_bucket"))
        .contains("rule SpanflowCollectorQueueLatencyHigh", "panel 'Queue latency'");
  }

  @Test
  void aMetricNoComponentExposesIsReportedWithItsUsers() throws IOException {
    Map<String, Set<String>> named = named();
    Set<String> exposed = new TreeSet<>(named.keySet());
    exposed.remove("spanflow_sink_retries_total");

    assertThat(MetricCoverage.missing(named, exposed))
        .containsOnlyKeys("spanflow_sink_retries_total")
        .containsEntry(
            "spanflow_sink_retries_total",
            Set.of("rule SpanflowSinkBulkRetries", "panel 'ES bulk retries'"));
  }

  @Test
  void prometheusOwnSeriesNeedNoComponent() throws IOException {
    Map<String, Set<String>> named = named();
    Set<String> exposed = new TreeSet<>(named.keySet());
    exposed.remove("up");

    assertThat(named).containsKey("up");
    assertThat(MetricCoverage.missing(named, exposed)).isEmpty();
  }

  @Test
  void readsSampleNamesFromTheTextFormat() {
    String scrape =
        """
        # HELP jaeger_collector_in_queue_latency Seconds
        # TYPE jaeger_collector_in_queue_latency histogram
        jaeger_collector_in_queue_latency_bucket{le="0.5"} 3.0
        jaeger_collector_in_queue_latency_count 3.0
        process_cpu_usage 0.02
        """;

    assertThat(MetricCoverage.exposed(List.of(scrape)))
        .containsExactly(
            "jaeger_collector_in_queue_latency_bucket",
            "jaeger_collector_in_queue_latency_count",
            "process_cpu_usage");
  }
}
