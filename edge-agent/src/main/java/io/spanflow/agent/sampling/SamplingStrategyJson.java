package io.spanflow.agent.sampling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spanflow.proto.jaeger.OperationSamplingStrategy;
import io.spanflow.proto.jaeger.PerOperationSamplingStrategies;
import io.spanflow.proto.jaeger.SamplingStrategyResponse;

/**
 * The JSON Jaeger clients parse from the agent: the thrift {@code SamplingStrategyResponse} field
 * names ({@code strategyType}, {@code probabilisticSampling.samplingRate}, {@code
 * rateLimitingSampling.maxTracesPerSecond}, {@code operationSampling.perOperationStrategies}, ...),
 * with only the strategies that are set. {@code /sampling} writes the strategy type as its name
 * ({@code "PROBABILISTIC"}); the legacy {@code /} endpoint writes the thrift 0.9.2 integer code
 * ({@code 0}), which old clients expect.
 */
public final class SamplingStrategyJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SamplingStrategyJson() {}

  public static String write(SamplingStrategyResponse response, boolean legacyEnumCodes) {
    ObjectNode root = MAPPER.createObjectNode();
    if (legacyEnumCodes) {
      root.put("strategyType", response.getStrategyTypeValue());
    } else {
      root.put("strategyType", response.getStrategyType().name());
    }
    if (response.hasProbabilisticSampling()) {
      root.putObject("probabilisticSampling")
          .put("samplingRate", response.getProbabilisticSampling().getSamplingRate());
    }
    if (response.hasRateLimitingSampling()) {
      root.putObject("rateLimitingSampling")
          .put("maxTracesPerSecond", response.getRateLimitingSampling().getMaxTracesPerSecond());
    }
    if (response.hasOperationSampling()) {
      PerOperationSamplingStrategies ops = response.getOperationSampling();
      ObjectNode node = root.putObject("operationSampling");
      node.put("defaultSamplingProbability", ops.getDefaultSamplingProbability());
      node.put("defaultLowerBoundTracesPerSecond", ops.getDefaultLowerBoundTracesPerSecond());
      ArrayNode list = node.putArray("perOperationStrategies");
      for (OperationSamplingStrategy op : ops.getPerOperationStrategiesList()) {
        ObjectNode item = list.addObject().put("operation", op.getOperation());
        item.putObject("probabilisticSampling")
            .put("samplingRate", op.getProbabilisticSampling().getSamplingRate());
      }
      if (ops.getDefaultUpperBoundTracesPerSecond() != 0) {
        node.put("defaultUpperBoundTracesPerSecond", ops.getDefaultUpperBoundTracesPerSecond());
      }
    }
    return root.toString();
  }
}
