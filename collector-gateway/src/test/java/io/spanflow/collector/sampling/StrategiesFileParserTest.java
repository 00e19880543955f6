package io.spanflow.collector.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spanflow.proto.jaeger.OperationSamplingStrategy;
import io.spanflow.proto.jaeger.SamplingStrategyResponse;
import io.spanflow.proto.jaeger.SamplingStrategyType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrategiesFileParserTest {
  static final String FILE =
      """
      {
        "service_strategies": [
          {"service": "foo", "type": "probabilistic", "param": 0.8,
           "operation_strategies": [
             {"operation": "op1", "type": "probabilistic", "param": 0.2},
             {"operation": "op2", "type": "ratelimiting", "param": 5}
           ]},
          {"service": "bar", "type": "ratelimiting", "param": 5}
        ],
        "default_strategy": {"type": "probabilistic", "param": 0.5,
          "operation_strategies": [
            {"operation": "/health", "type": "probabilistic", "param": 0.0},
            {"operation": "op1", "type": "probabilistic", "param": 0.9}
          ]}
      }
      """;

  static SamplingStrategies parse(String json) throws InvalidStrategiesException {
    return StrategiesFileParser.parse("strategies.json", json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void unknownServiceGetsTheDefaultStrategy() throws Exception {
    SamplingStrategyResponse s = parse(FILE).forService("unknown");

    assertThat(s.getStrategyType()).isEqualTo(SamplingStrategyType.PROBABILISTIC);
    assertThat(s.getProbabilisticSampling().getSamplingRate()).isEqualTo(0.5);
    assertThat(s.getOperationSampling().getPerOperationStrategiesList())
        .extracting(OperationSamplingStrategy::getOperation)
        .containsExactly("/health", "op1");
  }

  @Test
  void serviceOperationsAreMergedWithTheDefaultOnesAndWinOverThem() throws Exception {
    SamplingStrategyResponse foo = parse(FILE).forService("foo");

    assertThat(foo.getProbabilisticSampling().getSamplingRate()).isEqualTo(0.8);
    assertThat(foo.getOperationSampling().getDefaultSamplingProbability()).isEqualTo(0.8);
    assertThat(foo.getOperationSampling().getPerOperationStrategiesList())
        .extracting(o -> o.getOperation() + "=" + o.getProbabilisticSampling().getSamplingRate())
        // op2 (rate limiting) is skipped, as Jaeger does; op1 is the service's, not the default's
        .containsExactly("/health=0.0", "op1=0.2");
  }

  @Test
  void rateLimitingServiceInheritsDefaultOperations() throws Exception {
    SamplingStrategyResponse bar = parse(FILE).forService("bar");

    assertThat(bar.getStrategyType()).isEqualTo(SamplingStrategyType.RATE_LIMITING);
    assertThat(bar.getRateLimitingSampling().getMaxTracesPerSecond()).isEqualTo(5);
    assertThat(bar.getOperationSampling().getPerOperationStrategiesCount()).isEqualTo(2);
  }

  @Test
  void emptyObjectServesJaegersDefault() throws Exception {
    assertThat(parse("{}").forService("x").getProbabilisticSampling().getSamplingRate())
        .isEqualTo(0.001);
  }

  @Test
  void invalidFilesAreRejectedWithTheProblemNamed() {
    assertThatThrownBy(() -> parse("{not json"))
        .isInstanceOf(InvalidStrategiesException.class)
        .hasMessageStartingWith("strategies.json: not valid JSON");
    assertThatThrownBy(
            () -> parse("{\"default_strategy\": {\"type\": \"probabilistic\", \"param\": 1.5}}"))
        .hasMessage(
            "strategies.json: $.default_strategy.param: probability 1.5 is not within [0, 1]");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"service_strategies\": [{\"service\": \"a\", \"type\": \"always\", \"param\": 1}]}"))
        .hasMessageContaining("$.service_strategies[0].type: unknown type 'always'");
    assertThatThrownBy(() -> parse("{\"default_stratgy\": {}}"))
        .hasMessageContaining("unknown key 'default_stratgy'");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"service_strategies\": [{\"service\": \"a\", \"type\": \"ratelimiting\","
                        + " \"param\": 1}, {\"service\": \"a\", \"type\": \"ratelimiting\","
                        + " \"param\": 2}]}"))
        .hasMessageContaining("service 'a' is listed twice");
  }
}
