package io.spanflow.collector.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplingStrategyStoreTest {
  @TempDir Path dir;

  static String probabilistic(double p) {
    return "{\"default_strategy\": {\"type\": \"probabilistic\", \"param\": " + p + "}}";
  }

  @Test
  void start_failsOnAnInvalidFileNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("s.json"), "{\"service_strategies\": 3}");
    SamplingStrategyStore store =
        new SamplingStrategyStore(file, Duration.ZERO, new SimpleMeterRegistry());

    assertThatThrownBy(store::start)
        .isInstanceOf(InvalidStrategiesException.class)
        .hasMessage(file + ": $.service_strategies: expected an array");
  }

  @Test
  void reload_picksUpChangesAndKeepsTheLastGoodFileOnErrors() throws Exception {
    Path file = Files.writeString(dir.resolve("s.json"), probabilistic(0.25));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SamplingStrategyStore store = new SamplingStrategyStore(file, Duration.ZERO, registry);
    store.start();
    assertThat(store.strategyFor("a").getProbabilisticSampling().getSamplingRate()).isEqualTo(0.25);

    Files.writeString(file, probabilistic(0.75));
    store.reload();
    assertThat(store.strategyFor("a").getProbabilisticSampling().getSamplingRate()).isEqualTo(0.75);

    Files.writeString(file, "{\"default_strategy\": {\"type\": \"probabilistic\"");
    store.reload();
    assertThat(store.strategyFor("a").getProbabilisticSampling().getSamplingRate()).isEqualTo(0.75);
    assertThat(store.lastReloadError()).contains("not valid JSON");
    assertThat(
            registry
                .get("spanflow_collector_sampling_reloads")
                .tag("result", "err")
                .counter()
                .count())
        .isEqualTo(1.0);
    store.close();
  }

  @Test
  void reloadInterval_reloadsInTheBackground() throws Exception {
    Path file = Files.writeString(dir.resolve("s.json"), probabilistic(0.1));
    SamplingStrategyStore store =
        new SamplingStrategyStore(file, Duration.ofMillis(20), new SimpleMeterRegistry());
    store.start();
    try {
      Files.writeString(file, probabilistic(0.9));
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> store.strategyFor("x").getProbabilisticSampling().getSamplingRate() == 0.9);
    } finally {
      store.close();
    }
  }
}
