package io.spanflow.agent.sampling;

import io.spanflow.proto.jaeger.SamplingStrategyResponse;

/** Where strategies come from (the collector); throws when it cannot answer. */
@FunctionalInterface
public interface SamplingStrategyFetcher {

  SamplingStrategyResponse fetch(String serviceName) throws Exception;
}
