package io.spanflow.processor.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Objects;

/**
 * The processor's own counters. Micrometer names map to Prometheus as {@code
 * spanflow_processor_records_in_total{topic}}, {@code spanflow_processor_dlq_total{reason}}, {@code
 * spanflow_processor_duplicates_dropped_total}, {@code spanflow_processor_repairs_total{rule}},
 * {@code spanflow_processor_dependency_edges_emitted_total}.
 */
public final class ProcessorMetrics {

  private final MeterRegistry registry;
  private final Counter duplicatesDropped;
  private final Counter edgesEmitted;

  public ProcessorMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.duplicatesDropped =
        Counter.builder("spanflow.processor.duplicates.dropped")
            .description("Span copies dropped by the dedupe stage")
            .register(registry);
    this.edgesEmitted =
        Counter.builder("spanflow.processor.dependency.edges.emitted")
            .description("Parent-to-child service edges emitted by closed trace sessions")
            .register(registry);
  }

  /** Counters on a private in-memory registry: for tests and for running without an admin port. */
  public static ProcessorMetrics noop() {
    return new ProcessorMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void recordIn(String topic) {
    Counter.builder("spanflow.processor.records.in")
        .description("Records read from the input topics")
        .tag("topic", topic)
        .register(registry)
        .increment();
  }

  public void dlq(String reason) {
    Counter.builder("spanflow.processor.dlq")
        .description("Records routed to the dead-letter topic, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void repaired(String rule) {
    Counter.builder("spanflow.processor.repairs")
        .description("Spans repaired by a validation rule (recorded as a span warning)")
        .tag("rule", rule)
        .register(registry)
        .increment();
  }

  public void duplicateDropped() {
    duplicatesDropped.increment();
  }

  public void edgesEmitted(int count) {
    edgesEmitted.increment(count);
  }

  /** For tests: the DLQ count of one reason. */
  public double dlqCount(String reason) {
    Counter c = registry.find("spanflow.processor.dlq").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  public double duplicatesDroppedCount() {
    return duplicatesDropped.count();
  }

  public double edgesEmittedCount() {
    return edgesEmitted.count();
  }
}
