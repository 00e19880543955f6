package io.spanflow.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.proto.jaeger.ProbabilisticSamplingStrategy;
import io.spanflow.proto.jaeger.SamplingStrategyResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SamplingStrategyCacheTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicBoolean collectorDown = new AtomicBoolean();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private final SamplingStrategyCache cache =
      new SamplingStrategyCache(
          service -> {
            fetches.incrementAndGet();
            if (collectorDown.get()) {
              throw new IllegalStateException("UNAVAILABLE");
            }
            return rate(fetches.get() / 10.0);
          },
          Duration.ofSeconds(10),
          clock,
          registry);

  private static SamplingStrategyResponse rate(double rate) {
    return SamplingStrategyResponse.newBuilder()
        .setProbabilisticSampling(ProbabilisticSamplingStrategy.newBuilder().setSamplingRate(rate))
        .build();
  }

  @Test
  void get_servesFreshEntryFromMemory() throws Exception {
    SamplingStrategyResponse first = cache.get("frontend");
    now = now.plusSeconds(5);

    assertThat(cache.get("frontend")).isEqualTo(first);
    assertThat(fetches).hasValue(1);
  }

  @Test
  void get_refetchesAfterTtl() throws Exception {
    cache.get("frontend");
    now = now.plusSeconds(11);

    assertThat(cache.get("frontend").getProbabilisticSampling().getSamplingRate()).isEqualTo(0.2);
    assertThat(fetches).hasValue(2);
  }

  @Test
  void get_servesStaleEntryWhileCollectorIsDown() throws Exception {
    SamplingStrategyResponse first = cache.get("frontend");
    collectorDown.set(true);
    now = now.plusSeconds(60);

    assertThat(cache.get("frontend")).isEqualTo(first);
    assertThat(registry.get("jaeger.agent.collector-proxy").tag("result", "err").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void get_failsForUnknownServiceWhileCollectorIsDown() {
    collectorDown.set(true);

    assertThatThrownBy(() -> cache.get("never-seen")).hasMessageContaining("UNAVAILABLE");
  }
}
