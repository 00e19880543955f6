package io.spanflow.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaegertracing.internal.samplers.HttpSamplingManager;
import io.jaegertracing.internal.samplers.http.SamplingStrategyResponse;
import io.spanflow.proto.jaeger.ProbabilisticSamplingStrategy;
import io.spanflow.proto.jaeger.RateLimitingSamplingStrategy;
import io.spanflow.proto.jaeger.SamplingStrategyType;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Port 5778 against a real collector's SamplingManager and the Java client's parser. */
class SamplingEndpointIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void strategies_areProxiedCachedAndParsedByTheJavaClient() throws Exception {
    TestCollector collector = TestCollector.start();
    collector.strategies.put(
        "checkout",
        io.spanflow.proto.jaeger.SamplingStrategyResponse.newBuilder()
            .setStrategyType(SamplingStrategyType.PROBABILISTIC)
            .setProbabilisticSampling(
                ProbabilisticSamplingStrategy.newBuilder().setSamplingRate(0.25))
            .build());
    collector.strategies.put(
        "search",
        io.spanflow.proto.jaeger.SamplingStrategyResponse.newBuilder()
            .setStrategyType(SamplingStrategyType.RATE_LIMITING)
            .setRateLimitingSampling(
                RateLimitingSamplingStrategy.newBuilder().setMaxTracesPerSecond(5))
            .build());
    // TTL 0: every request goes to the collector, so the cache only serves when it is down.
    try (AgentUnderTest agent =
        AgentUnderTest.start(
            "--reporter.grpc.host-port=" + collector.hostPort(), "--sampling.cache-ttl=0")) {
      int port = agent.agent.samplingHttp().port();

      SamplingStrategyResponse parsed =
          new HttpSamplingManager("127.0.0.1:" + port).getSamplingStrategy("checkout");
      assertThat(parsed.getProbabilisticSampling().getSamplingRate()).isEqualTo(0.25);
      assertThat(parsed.getRateLimitingSampling()).isNull();

      HttpResponse<String> current = agent.get(port, "/sampling?service=search");
      assertThat(current.statusCode()).isEqualTo(200);
      assertThat(current.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode json = JSON.readTree(current.body());
      assertThat(json.get("strategyType").asText()).isEqualTo("RATE_LIMITING");
      assertThat(json.at("/rateLimitingSampling/maxTracesPerSecond").asInt()).isEqualTo(5);

      JsonNode legacy = JSON.readTree(agent.get(port, "/?service=search").body());
      assertThat(legacy.get("strategyType").asInt()).isEqualTo(1);

      assertThat(agent.get(port, "/baggageRestrictions?service=checkout").body()).isEqualTo("[]");
      assertThat(agent.get(port, "/sampling").statusCode()).isEqualTo(400);
      assertThat(agent.get(port, "/sampling?service=a&service=b").statusCode()).isEqualTo(400);

      collector.close();

      // Collector down: the last strategy is served from the cache; an unknown service fails.
      JsonNode cached = JSON.readTree(agent.get(port, "/sampling?service=checkout").body());
      assertThat(cached.at("/probabilisticSampling/samplingRate").asDouble()).isEqualTo(0.25);
      assertThat(agent.get(port, "/sampling?service=never-seen").statusCode()).isEqualTo(500);
      assertThat(
              agent.metric(
                  "jaeger_agent_collector_proxy_total", "endpoint", "sampling", "result", "err"))
          .isGreaterThanOrEqualTo(2);
    }
  }
}
