package io.spanflow.collector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.spanflow.collector.ingest.Source;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Every metric the collector reports. Latencies are histograms in seconds without a unit suffix, as
 * Jaeger's Prometheus exporter writes them ({@code jaeger_collector_in_queue_latency_bucket}).
 */
public final class CollectorMetrics {
  /** Jaeger caps per-service series at 2000; later services are counted under "other". */
  static final int MAX_SERVICE_NAMES = 2000;

  private static final double[] LATENCY_BUCKETS_SECONDS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };
  private static final double[] BATCH_SIZE_BUCKETS = {
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000
  };

  private final MeterRegistry registry;
  private final DistributionSummary inQueueLatency;
  private final DistributionSummary saveLatency;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, DistributionSummary> batchSizes = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Boolean> serviceNames = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> savedOk = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> savedErr = new ConcurrentHashMap<>();

  public CollectorMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.inQueueLatency =
        DistributionSummary.builder("jaeger_collector_in_queue_latency")
            .description(
                "Seconds from receiving a request until its spans were handed to the Kafka producer")
            .serviceLevelObjectives(LATENCY_BUCKETS_SECONDS)
            .register(registry);
    this.saveLatency =
        DistributionSummary.builder("jaeger_collector_save_latency")
            .description("Seconds from handing spans to the Kafka producer until the broker acked")
            .serviceLevelObjectives(LATENCY_BUCKETS_SECONDS)
            .register(registry);
  }

  /** Registers gauges that read the in-flight span and byte counts. */
  /**
   * The suppliers are usually method references made for this call: the gauges hold them strongly,
   * or Micrometer's weak reference lets them be collected and the gauge reads NaN.
   */
  public void registerInFlight(Supplier<Number> spans, Supplier<Number> bytes) {
    Gauge.builder("jaeger_collector_queue_length", spans, s -> s.get().doubleValue())
        .description("Spans accepted but not yet acknowledged by Kafka (in flight)")
        .strongReference(true)
        .register(registry);
    Gauge.builder("spanflow_collector_inflight_bytes", bytes, b -> b.get().doubleValue())
        .description("Serialized bytes of spans in flight to Kafka")
        .strongReference(true)
        .register(registry);
  }

  /** Only registered when the backlog limit is on. */
  public void registerBacklog(Supplier<Number> spans) {
    Gauge.builder("spanflow_collector_pipeline_backlog", spans, s -> s.get().doubleValue())
        .description(
            "Spans on the span topic not yet processed by the stream processor; over"
                + " --collector.max-backlog, requests get 429 / RESOURCE_EXHAUSTED")
        .strongReference(true)
        .register(registry);
  }

  public void spansReceived(Source source, int count) {
    counter(
            "jaeger_collector_spans_received",
            "Spans received, by format and transport",
            "format",
            source.format(),
            "transport",
            source.transport())
        .increment(count);
  }

  public void spansRejected(Source source, String reason, int count) {
    counter(
            "jaeger_collector_spans_rejected",
            "Spans rejected, by format, transport and reason",
            "format",
            source.format(),
            "transport",
            source.transport(),
            "reason",
            reason)
        .increment(count);
  }

  /**
   * Counts a published batch's spans by format and transport: those Kafka acknowledged (result ok)
   * and those it did not (result err).
   */
  public void spansSaved(Source source, int ok, int failed) {
    if (ok > 0) {
      savedBySource(source, "ok").increment(ok);
    }
    if (failed > 0) {
      savedBySource(source, "err").increment(failed);
    }
  }

  private Counter savedBySource(Source source, String result) {
    return counter(
        "spanflow_collector_spans_saved",
        "Spans written to Kafka, by format, transport and result",
        "format",
        source.format(),
        "transport",
        source.transport(),
        "result",
        result);
  }

  /** Counts one span that Kafka acknowledged (result ok) or failed (result err). */
  public void spanSaved(String serviceName, boolean ok) {
    // Called once per span from the producer's I/O thread: look the counter up by service name
    // alone, without building the generic key, while the number of names is bounded.
    String name = serviceName == null ? "" : serviceName;
    ConcurrentMap<String, Counter> cache = ok ? savedOk : savedErr;
    Counter c = cache.get(name);
    if (c == null) {
      c = savedCounter(name, ok);
      if (cache.size() < MAX_SERVICE_NAMES * 2) {
        cache.putIfAbsent(name, c);
      }
    }
    c.increment();
  }

  private Counter savedCounter(String serviceName, boolean ok) {
    return counter(
        "jaeger_collector_spans_saved_by_svc",
        "Spans written to Kafka, by service and result",
        "svc",
        boundedServiceName(serviceName),
        "result",
        ok ? "ok" : "err");
  }

  /** Counts a whole request refused before any span was published (429, 413, 503, 400). */
  public void requestRefused(Source source, String status) {
    counter(
            "spanflow_collector_requests_refused",
            "Requests refused as a whole, by format, transport and status",
            "format",
            source.format(),
            "transport",
            source.transport(),
            "status",
            status)
        .increment();
  }

  public void deadLetter(String reason, boolean ok) {
    counter(
            "spanflow_collector_dead_letters",
            "Rejected inputs written to the dead-letter topic, by reason and result",
            "reason",
            reason,
            "result",
            ok ? "ok" : "err")
        .increment();
  }

  public void batchSize(Source source, int spans) {
    batchSizes
        .computeIfAbsent(
            source.format() + "/" + source.transport(),
            k ->
                DistributionSummary.builder("jaeger_collector_batch_size")
                    .description("Spans per received batch")
                    .tag("format", source.format())
                    .tag("transport", source.transport())
                    .serviceLevelObjectives(BATCH_SIZE_BUCKETS)
                    .register(registry))
        .record(spans);
  }

  public void inQueueLatency(Duration d) {
    inQueueLatency.record(d.toNanos() / 1e9);
  }

  public void saveLatency(Duration d) {
    saveLatency.record(d.toNanos() / 1e9);
  }

  private String boundedServiceName(String serviceName) {
    String name = serviceName == null || serviceName.isEmpty() ? "unknown" : serviceName;
    if (serviceNames.containsKey(name)) {
      return name;
    }
    if (serviceNames.size() >= MAX_SERVICE_NAMES) {
      return "other";
    }
    serviceNames.put(name, Boolean.TRUE);
    return name;
  }

  private Counter counter(String name, String description, String... tags) {
    StringBuilder key = new StringBuilder(name);
    for (String t : tags) {
      key.append('\u0000').append(t);
    }
    return counters.computeIfAbsent(
        key.toString(),
        k -> Counter.builder(name).description(description).tags(tags).register(registry));
  }
}
