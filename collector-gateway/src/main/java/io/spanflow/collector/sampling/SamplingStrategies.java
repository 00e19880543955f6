package io.spanflow.collector.sampling;

import io.spanflow.proto.jaeger.ProbabilisticSamplingStrategy;
import io.spanflow.proto.jaeger.SamplingStrategyResponse;
import io.spanflow.proto.jaeger.SamplingStrategyType;
import java.util.Map;
import java.util.Objects;

/** An immutable set of strategies: one per named service, and a default for all others. */
public final class SamplingStrategies {
  /** Jaeger's collector default when no file is given: probabilistic 0.1%. */
  public static final double DEFAULT_SAMPLING_PROBABILITY = 0.001;

  private final SamplingStrategyResponse defaultStrategy;
  private final Map<String, SamplingStrategyResponse> byService;

  SamplingStrategies(
      SamplingStrategyResponse defaultStrategy, Map<String, SamplingStrategyResponse> byService) {
    this.defaultStrategy = Objects.requireNonNull(defaultStrategy, "defaultStrategy");
    this.byService = Map.copyOf(byService);
  }

  /** What Jaeger's collector serves without a strategies file. */
  public static SamplingStrategies defaults() {
    return new SamplingStrategies(
        SamplingStrategyResponse.newBuilder()
            .setStrategyType(SamplingStrategyType.PROBABILISTIC)
            .setProbabilisticSampling(
                ProbabilisticSamplingStrategy.newBuilder()
                    .setSamplingRate(DEFAULT_SAMPLING_PROBABILITY))
            .build(),
        Map.of());
  }

  /** The service's own strategy, or the default one. */
  public SamplingStrategyResponse forService(String serviceName) {
    return byService.getOrDefault(serviceName, defaultStrategy);
  }

  public SamplingStrategyResponse defaultStrategy() {
    return defaultStrategy;
  }

  public int serviceCount() {
    return byService.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SamplingStrategies other
        && defaultStrategy.equals(other.defaultStrategy)
        && byService.equals(other.byService);
  }

  @Override
  public int hashCode() {
    return Objects.hash(defaultStrategy, byService);
  }

  @Override
  public String toString() {
    return "SamplingStrategies{services=" + byService.keySet() + "}";
  }
}
