package io.spanflow.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spanflow.proto.jaeger.OperationSamplingStrategy;
import io.spanflow.proto.jaeger.PerOperationSamplingStrategies;
import io.spanflow.proto.jaeger.ProbabilisticSamplingStrategy;
import io.spanflow.proto.jaeger.RateLimitingSamplingStrategy;
import io.spanflow.proto.jaeger.SamplingStrategyResponse;
import io.spanflow.proto.jaeger.SamplingStrategyType;
import org.junit.jupiter.api.Test;

class SamplingStrategyJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void probabilistic_namesTheTypeOnSamplingAndUsesTheCodeOnLegacy() throws Exception {
    SamplingStrategyResponse response =
        SamplingStrategyResponse.newBuilder()
            .setStrategyType(SamplingStrategyType.PROBABILISTIC)
            .setProbabilisticSampling(
                ProbabilisticSamplingStrategy.newBuilder().setSamplingRate(0.25))
            .build();

    JsonNode current = JSON.readTree(SamplingStrategyJson.write(response, false));
    JsonNode legacy = JSON.readTree(SamplingStrategyJson.write(response, true));

    assertThat(current.get("strategyType").asText()).isEqualTo("PROBABILISTIC");
    assertThat(current.at("/probabilisticSampling/samplingRate").asDouble()).isEqualTo(0.25);
    assertThat(current.has("rateLimitingSampling")).isFalse();
    assertThat(legacy.get("strategyType").isInt()).isTrue();
    assertThat(legacy.get("strategyType").asInt()).isZero();
  }

  @Test
  void rateLimiting_hasMaxTracesPerSecond() throws Exception {
    SamplingStrategyResponse response =
        SamplingStrategyResponse.newBuilder()
            .setStrategyType(SamplingStrategyType.RATE_LIMITING)
            .setRateLimitingSampling(
                RateLimitingSamplingStrategy.newBuilder().setMaxTracesPerSecond(7))
            .build();

    JsonNode legacy = JSON.readTree(SamplingStrategyJson.write(response, true));

    assertThat(legacy.get("strategyType").asInt()).isEqualTo(1);
    assertThat(legacy.at("/rateLimitingSampling/maxTracesPerSecond").asInt()).isEqualTo(7);
  }

  @Test
  void perOperation_listsEachOperation() throws Exception {
    SamplingStrategyResponse response =
        SamplingStrategyResponse.newBuilder()
            .setOperationSampling(
                PerOperationSamplingStrategies.newBuilder()
                    .setDefaultSamplingProbability(0.1)
                    .setDefaultLowerBoundTracesPerSecond(0.5)
                    .addPerOperationStrategies(
                        OperationSamplingStrategy.newBuilder()
                            .setOperation("GET /orders")
                            .setProbabilisticSampling(
                                ProbabilisticSamplingStrategy.newBuilder().setSamplingRate(1.0))))
            .build();

    JsonNode json = JSON.readTree(SamplingStrategyJson.write(response, false));

    assertThat(json.at("/operationSampling/defaultSamplingProbability").asDouble()).isEqualTo(0.1);
    assertThat(json.at("/operationSampling/defaultLowerBoundTracesPerSecond").asDouble())
        .isEqualTo(0.5);
    assertThat(json.at("/operationSampling/perOperationStrategies/0/operation").asText())
        .isEqualTo("GET /orders");
    assertThat(
            json.at(
                    "/operationSampling/perOperationStrategies/0/probabilisticSampling/samplingRate")
                .asDouble())
        .isEqualTo(1.0);
  }
}
