package io.spanflow.agent.sampling;

import io.spanflow.agent.reporter.CollectorChannels;
import io.spanflow.proto.jaeger.SamplingManagerGrpc;
import io.spanflow.proto.jaeger.SamplingStrategyParameters;
import io.spanflow.proto.jaeger.SamplingStrategyResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Asks the next collector's {@code jaeger.api_v2.SamplingManager/GetSamplingStrategy}. */
public final class GrpcSamplingStrategyFetcher implements SamplingStrategyFetcher {
  private final CollectorChannels collectors;
  private final Duration timeout;

  public GrpcSamplingStrategyFetcher(CollectorChannels collectors, Duration timeout) {
    this.collectors = Objects.requireNonNull(collectors, "collectors");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public SamplingStrategyResponse fetch(String serviceName) {
    return SamplingManagerGrpc.newBlockingStub(collectors.next())
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .getSamplingStrategy(
            SamplingStrategyParameters.newBuilder().setServiceName(serviceName).build());
  }
}
