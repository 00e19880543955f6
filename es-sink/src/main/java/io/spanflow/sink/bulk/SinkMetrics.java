package io.spanflow.sink.bulk;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sink's meters. Prometheus names: {@code spanflow_sink_docs_indexed_total{index_family}},
 * {@code spanflow_sink_bulk_latency_seconds} (histogram), {@code
 * spanflow_sink_retries_total{reason}}, {@code spanflow_sink_dlq_total{index_family,reason}},
 * {@code spanflow_sink_bulk_bytes_total}, {@code spanflow_sink_bulk_requests_total{outcome}}.
 */
public final class SinkMetrics {

  private final MeterRegistry registry;
  private final Timer bulkLatency;
  private final Counter bulkBytes;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public SinkMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.bulkLatency =
        Timer.builder("spanflow.sink.bulk.latency")
            .description("Time of one _bulk request")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .register(registry);
    this.bulkBytes =
        Counter.builder("spanflow.sink.bulk.bytes")
            .description("Document bytes sent in _bulk requests")
            .baseUnit("bytes")
            .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  void bulkSent(Duration latency, long bytes, String outcome) {
    bulkLatency.record(latency);
    bulkBytes.increment(bytes);
    counter("spanflow.sink.bulk.requests", "outcome", outcome).increment();
  }

  void indexed(String family, long n) {
    counter("spanflow.sink.docs.indexed", "index_family", family).increment(n);
  }

  void retried(String reason, long n) {
    counter("spanflow.sink.retries", "reason", reason).increment(n);
  }

  void deadLettered(String family, String reason) {
    counter("spanflow.sink.dlq", "index_family", family, "reason", reason).increment();
  }

  /** Docs stored so far for a family (tests and the benchmark read it). */
  public double indexedCount(String family) {
    Counter c = registry.find("spanflow.sink.docs.indexed").tag("index_family", family).counter();
    return c == null ? 0 : c.count();
  }

  public double deadLetteredCount() {
    return registry.find("spanflow.sink.dlq").counters().stream().mapToDouble(Counter::count).sum();
  }

  public double retriedCount() {
    return registry.find("spanflow.sink.retries").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private Counter counter(String name, String... tags) {
    String key = name + String.join(",", tags);
    return counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
  }
}
