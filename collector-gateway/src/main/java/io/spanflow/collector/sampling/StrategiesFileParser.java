package io.spanflow.collector.sampling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spanflow.proto.jaeger.OperationSamplingStrategy;
import io.spanflow.proto.jaeger.PerOperationSamplingStrategies;
import io.spanflow.proto.jaeger.ProbabilisticSamplingStrategy;
import io.spanflow.proto.jaeger.RateLimitingSamplingStrategy;
import io.spanflow.proto.jaeger.SamplingStrategyResponse;
import io.spanflow.proto.jaeger.SamplingStrategyType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Jaeger's strategies file format:
 *
 * <pre>{@code
 * {
 *   "default_strategy": {"type": "probabilistic", "param": 0.5,
 *                        "operation_strategies": [{"operation": "/health", "type": "probabilistic", "param": 0.0}]},
 *   "service_strategies": [
 *     {"service": "foo", "type": "probabilistic", "param": 0.8,
 *      "operation_strategies": [{"operation": "op1", "type": "probabilistic", "param": 0.2}]},
 *     {"service": "bar", "type": "ratelimiting", "param": 5}
 *   ]
 * }
 * }</pre>
 *
 * <p>Follows Jaeger's rules: a service with operation strategies gets per-operation sampling whose
 * default probability is the service's own (when probabilistic) and whose operations are merged
 * with the default strategy's; a service without any inherits the default's per-operation
 * strategies; rate-limiting operation strategies are not supported by the wire format and are
 * skipped with a warning. Unlike Jaeger, unknown keys and out-of-range values are errors, so a typo
 * cannot silently change sampling.
 */
public final class StrategiesFileParser {
  private static final Logger LOG = LoggerFactory.getLogger(StrategiesFileParser.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Set<String> TOP_KEYS =
      Set.of("default_strategy", "service_strategies", "default_operation_strategies");
  private static final Set<String> STRATEGY_KEYS =
      Set.of("service", "type", "param", "operation_strategies");
  private static final Set<String> OPERATION_KEYS = Set.of("operation", "type", "param");

  private StrategiesFileParser() {}

  /** Parses the file's text; {@code origin} (the path) only appears in error messages. */
  public static SamplingStrategies parse(String origin, byte[] content)
      throws InvalidStrategiesException {
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (JsonProcessingException e) {
      throw new InvalidStrategiesException(
          origin + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new InvalidStrategiesException(origin + ": cannot read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidStrategiesException(origin + ": expected a JSON object at the top level");
    }
    Context ctx = new Context(origin);
    ctx.checkKeys(root, "$", TOP_KEYS);

    SamplingStrategyResponse.Builder defaults =
        SamplingStrategies.defaults().defaultStrategy().toBuilder();
    JsonNode defaultNode = root.get("default_strategy");
    if (defaultNode != null && !defaultNode.isNull()) {
      ctx.checkKeys(defaultNode, "$.default_strategy", STRATEGY_KEYS);
      defaults = ctx.strategy(defaultNode, "$.default_strategy").toBuilder();
      List<OperationSamplingStrategy> ops =
          ctx.operations(defaultNode.get("operation_strategies"), "$.default_strategy");
      if (!ops.isEmpty()) {
        defaults.setOperationSampling(perOperation(defaults, ops));
      }
    }
    // Older Jaeger files put the default operation strategies at the top level.
    List<OperationSamplingStrategy> legacyDefaultOps =
        ctx.operations(root.get("default_operation_strategies"), "$");
    if (!legacyDefaultOps.isEmpty()) {
      List<OperationSamplingStrategy> ops =
          new ArrayList<>(defaults.getOperationSampling().getPerOperationStrategiesList());
      ops.addAll(legacyDefaultOps);
      defaults.setOperationSampling(perOperation(defaults, merge(ops, List.of())));
    }
    SamplingStrategyResponse defaultStrategy = defaults.build();

    Map<String, SamplingStrategyResponse> byService = new LinkedHashMap<>();
    JsonNode services = root.get("service_strategies");
    if (services != null && !services.isNull()) {
      if (!services.isArray()) {
        throw ctx.error("$.service_strategies", "expected an array");
      }
      for (int i = 0; i < services.size(); i++) {
        String path = "$.service_strategies[" + i + "]";
        JsonNode node = services.get(i);
        ctx.checkKeys(node, path, STRATEGY_KEYS);
        JsonNode serviceNode = node.get("service");
        if (serviceNode == null || !serviceNode.isTextual() || serviceNode.asText().isBlank()) {
          throw ctx.error(path + ".service", "expected a non-empty service name");
        }
        String service = serviceNode.asText();
        if (byService.containsKey(service)) {
          throw ctx.error(path + ".service", "service '" + service + "' is listed twice");
        }
        SamplingStrategyResponse.Builder strategy = ctx.strategy(node, path).toBuilder();
        List<OperationSamplingStrategy> ops =
            ctx.operations(node.get("operation_strategies"), path);
        if (!ops.isEmpty()) {
          strategy.setOperationSampling(
              perOperation(
                  strategy,
                  merge(
                      ops,
                      defaultStrategy.getOperationSampling().getPerOperationStrategiesList())));
        } else if (defaultStrategy.hasOperationSampling()) {
          strategy.setOperationSampling(defaultStrategy.getOperationSampling());
        }
        byService.put(service, strategy.build());
      }
    }
    return new SamplingStrategies(defaultStrategy, byService);
  }

  private static PerOperationSamplingStrategies perOperation(
      SamplingStrategyResponse.Builder owner, List<OperationSamplingStrategy> ops) {
    double defaultProbability =
        owner.getStrategyType() == SamplingStrategyType.PROBABILISTIC
            ? owner.getProbabilisticSampling().getSamplingRate()
            : SamplingStrategies.DEFAULT_SAMPLING_PROBABILITY;
    return PerOperationSamplingStrategies.newBuilder()
        .setDefaultSamplingProbability(defaultProbability)
        .addAllPerOperationStrategies(ops)
        .build();
  }

  /** Operations of {@code preferred} win over same-named ones of {@code fallback}; sorted. */
  private static List<OperationSamplingStrategy> merge(
      List<OperationSamplingStrategy> preferred, List<OperationSamplingStrategy> fallback) {
    Map<String, OperationSamplingStrategy> merged = new TreeMap<>();
    for (OperationSamplingStrategy op : fallback) {
      merged.put(op.getOperation(), op);
    }
    for (OperationSamplingStrategy op : preferred) {
      merged.put(op.getOperation(), op);
    }
    List<OperationSamplingStrategy> out = new ArrayList<>(merged.values());
    out.sort(Comparator.comparing(OperationSamplingStrategy::getOperation));
    return out;
  }

  /** Carries the file name into every error message. */
  private record Context(String origin) {
    InvalidStrategiesException error(String path, String what) {
      return new InvalidStrategiesException(origin + ": " + path + ": " + what);
    }

    void checkKeys(JsonNode node, String path, Set<String> allowed)
        throws InvalidStrategiesException {
      if (!node.isObject()) {
        throw error(path, "expected an object");
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!allowed.contains(key)) {
          throw error(path, "unknown key '" + key + "' (expected one of " + allowed + ")");
        }
      }
    }

    SamplingStrategyResponse strategy(JsonNode node, String path)
        throws InvalidStrategiesException {
      JsonNode type = node.get("type");
      JsonNode param = node.get("param");
      if (type == null || !type.isTextual()) {
        throw error(path + ".type", "expected \"probabilistic\" or \"ratelimiting\"");
      }
      if (param == null || !param.isNumber()) {
        throw error(path + ".param", "expected a number");
      }
      double value = param.asDouble();
      switch (type.asText()) {
        case "probabilistic" -> {
          if (!(value >= 0 && value <= 1)) {
            throw error(path + ".param", "probability " + value + " is not within [0, 1]");
          }
          return SamplingStrategyResponse.newBuilder()
              .setStrategyType(SamplingStrategyType.PROBABILISTIC)
              .setProbabilisticSampling(
                  ProbabilisticSamplingStrategy.newBuilder().setSamplingRate(value))
              .build();
        }
        case "ratelimiting" -> {
          if (!(value >= 0 && value <= Short.MAX_VALUE)) {
            throw error(
                path + ".param", "traces per second " + value + " is not within [0, 32767]");
          }
          return SamplingStrategyResponse.newBuilder()
              .setStrategyType(SamplingStrategyType.RATE_LIMITING)
              .setRateLimitingSampling(
                  RateLimitingSamplingStrategy.newBuilder().setMaxTracesPerSecond((int) value))
              .build();
        }
        default ->
            throw error(
                path + ".type",
                "unknown type '" + type.asText() + "' (expected probabilistic or ratelimiting)");
      }
    }

    List<OperationSamplingStrategy> operations(JsonNode node, String ownerPath)
        throws InvalidStrategiesException {
      List<OperationSamplingStrategy> out = new ArrayList<>();
      if (node == null || node.isNull()) {
        return out;
      }
      String path = ownerPath + ".operation_strategies";
      if (!node.isArray()) {
        throw error(path, "expected an array");
      }
      Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < node.size(); i++) {
        String opPath = path + "[" + i + "]";
        JsonNode op = node.get(i);
        checkKeys(op, opPath, OPERATION_KEYS);
        JsonNode name = op.get("operation");
        if (name == null || !name.isTextual() || name.asText().isEmpty()) {
          throw error(opPath + ".operation", "expected a non-empty operation name");
        }
        if (!seen.add(name.asText())) {
          throw error(opPath + ".operation", "operation '" + name.asText() + "' is listed twice");
        }
        SamplingStrategyResponse s = strategy(op, opPath);
        if (s.getStrategyType() != SamplingStrategyType.PROBABILISTIC) {
          LOG.warn(
              "{}: {}: operation strategies can only be probabilistic; '{}' is skipped and"
                  + " falls back to the service default",
              origin,
              opPath,
              name.asText());
          continue;
        }
        out.add(
            OperationSamplingStrategy.newBuilder()
                .setOperation(name.asText())
                .setProbabilisticSampling(s.getProbabilisticSampling())
                .build());
      }
      return out;
    }
  }
}
