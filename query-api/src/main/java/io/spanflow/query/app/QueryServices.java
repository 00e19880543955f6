package io.spanflow.query.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.query.metrics.MetricsReader;
import io.spanflow.query.storage.DependencyReader;
import io.spanflow.query.storage.SpanReader;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/** What the HTTP app reads from: storage readers, a clock and a meter registry. */
public final class QueryServices {

  private final SpanReader spans;
  private final DependencyReader dependencies;
  private final MetricsReader metrics;
  private final Clock clock;
  private final MeterRegistry meterRegistry;

  private QueryServices(Builder b) {
    this.spans = Objects.requireNonNull(b.spans, "spans");
    this.dependencies = Objects.requireNonNull(b.dependencies, "dependencies");
    this.metrics = b.metrics;
    this.clock = b.clock;
    this.meterRegistry = b.meterRegistry;
  }

  public static Builder builder() {
    return new Builder();
  }

  public SpanReader spans() {
    return spans;
  }

  public DependencyReader dependencies() {
    return dependencies;
  }

  /** Empty when no metrics storage is configured: the metrics endpoints answer 501. */
  public Optional<MetricsReader> metrics() {
    return Optional.ofNullable(metrics);
  }

  public Clock clock() {
    return clock;
  }

  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /** Readers are required; the clock defaults to UTC system time, the registry to a simple one. */
  public static final class Builder {
    private SpanReader spans;
    private DependencyReader dependencies;
    private MetricsReader metrics;
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meterRegistry = new SimpleMeterRegistry();

    private Builder() {}

    public Builder spans(SpanReader spans) {
      this.spans = spans;
      return this;
    }

    public Builder dependencies(DependencyReader dependencies) {
      this.dependencies = dependencies;
      return this;
    }

    public Builder metrics(MetricsReader metrics) {
      this.metrics = metrics;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    public QueryServices build() {
      return new QueryServices(this);
    }
  }
}
