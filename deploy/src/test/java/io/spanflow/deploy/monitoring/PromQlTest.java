package io.spanflow.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void findsTheMetricsAndNothingElse() {
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.95, sum by (le, component, instance)"
                    + " (rate(jaeger_collector_in_queue_latency_bucket{job=\"spanflow\"}[$__rate_interval]))) > 0.5"))
        .containsExactly("jaeger_collector_in_queue_latency_bucket");
  }

  @Test
  void readsBothSidesOfBinaryOperatorsAndSkipsLabelsAndNumbers() {
    assertThat(
            PromQl.metricNames(
                "max by (component, instance) (jvm_gc_live_data_size_bytes /"
                    + " jvm_gc_max_data_size_bytes) > 0.85 and on (instance) up == 1 or vector(1e-9)"))
        .containsExactly("jvm_gc_live_data_size_bytes", "jvm_gc_max_data_size_bytes", "up");
  }

  @Test
  void ignoresNamesInsideMatchersAndStrings() {
    assertThat(
            PromQl.metricNames(
                "sum(rate(spanflow_collector_requests_refused_total{status=~\"429|503\"}[5m]))"
                    + " + label_replace(x_total, \"a\", \"$1\", \"b\", \"(.*)\")"))
        .containsExactly("spanflow_collector_requests_refused_total", "x_total");
  }
}
