package io.spanflow.sink.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spanflow.runtime.config.BindResult;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.schemas.es.IndexDateLayout;
import io.spanflow.sink.bulk.BulkSettings;
import io.spanflow.sink.bulk.SinkMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EsSinkOptionsTest {

  @Test
  void defaultsAreJaegers() {
    BindResult<EsSinkOptions> r =
        ConfigBinder.bind("spanflow-es-sink", new EsSinkOptions(), new String[0], Map.of());

    EsSinkOptions o = r.options();
    assertThat(r.shouldExit()).isFalse();
    BulkSettings bulk = o.bulk();
    assertThat(bulk.actions()).isEqualTo(1000);
    assertThat(bulk.bytes()).isEqualTo(5_000_000L);
    assertThat(bulk.flushInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(bulk.workers()).isEqualTo(1);
    assertThat(o.templates().shards()).isEqualTo(5);
    assertThat(o.templates().replicas()).isEqualTo(1);
    assertThat(o.es.dateLayout()).isEqualTo(IndexDateLayout.DEFAULT);
    assertThat(o.admin.hostPort().port()).isEqualTo(14270);
    assertThat(o.topics().spans()).isEqualTo("spanflow.spans.indexed");
    assertThat(o.topics().dlq()).isEqualTo("spanflow.es.dlq");
  }

  @Test
  void flagsAndEnvironmentBindWithJaegersNames() {
    BindResult<EsSinkOptions> r =
        ConfigBinder.bind(
            "spanflow-es-sink",
            new EsSinkOptions(),
            new String[] {
              "--es.server-urls=http://a:9200,http://b:9200",
              "--es.bulk.actions=500",
              "--es.bulk.flush-interval=1s",
              "--es.bulk.workers=3",
              "--es.index-prefix=prod",
              "--es.index-date-separator=.",
              "--es.num-shards=2",
              "--kafka.consumer.group-id=g1"
            },
            Map.of("ES_NUM_REPLICAS", "0", "KAFKA_CONSUMER_BROKERS", "k1:9092"));

    EsSinkOptions o = r.options();
    assertThat(o.es.connection().serverUrls()).containsExactly("http://a:9200", "http://b:9200");
    assertThat(o.bulk().actions()).isEqualTo(500);
    assertThat(o.bulk().flushInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.bulk().workers()).isEqualTo(3);
    assertThat(o.templates().prefix()).isEqualTo("prod");
    assertThat(o.templates().shards()).isEqualTo(2);
    assertThat(o.templates().replicas()).isZero();
    assertThat(o.brokers()).isEqualTo("k1:9092");
    assertThat(o.groupId()).isEqualTo("g1");
    assertThat(o.es.dateLayout().format(Instant.parse("2026-11-21T00:00:00Z")))
        .isEqualTo("2026.11.21");
  }

  @Test
  void unknownOptionStopsWithUsageError() {
    BindResult<EsSinkOptions> r =
        ConfigBinder.bind(
            "spanflow-es-sink", new EsSinkOptions(), new String[] {"--es.bulk.nope=1"}, Map.of());

    assertThat(r.shouldExit()).isTrue();
    assertThat(r.exitCode()).isEqualTo(ConfigBinder.USAGE_EXIT_CODE);
    assertThat(r.error()).contains("--es.bulk.nope");
  }

  @Test
  void cleanerNeedsDays() {
    assertThat(
            ConfigBinder.bind("cleaner", new CleanerOptions(), new String[] {"--days=3"}, Map.of())
                .options()
                .days())
        .isEqualTo(3);
    assertThat(
            ConfigBinder.bind("cleaner", new CleanerOptions(), new String[0], Map.of())
                .shouldExit())
        .isTrue();
  }

  @Test
  void metricsHaveThePrometheusNamesTheDashboardsUse() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SinkMetrics metrics = new SinkMetrics(registry);
    registry.counter("spanflow.sink.docs.indexed", "index_family", "jaeger-span").increment();

    String scrape = registry.scrape();

    assertThat(metrics.indexedCount("jaeger-span")).isEqualTo(1);
    assertThat(scrape)
        .contains("spanflow_sink_docs_indexed_total{index_family=\"jaeger-span\"} 1.0")
        .contains("spanflow_sink_bulk_latency_seconds_bucket")
        .contains("spanflow_sink_bulk_bytes_total");
    assertThat(List.of(scrape.split("\n"))).isNotEmpty();
  }

  @Test
  void rolloverCommandTakesJaegersEsRolloverFlags() {
    BindResult<RolloverOptions> r =
        ConfigBinder.bind(
            "spanflow-es-sink rollover",
            new RolloverOptions(),
            new String[] {"lookback", "--unit=hours", "--unit-count=6", "--es.index-prefix=prod"},
            Map.of());

    assertThat(r.shouldExit()).isFalse();
    assertThat(r.options().action()).isEqualTo(RolloverOptions.Action.lookback);
    assertThat(r.options().unit()).isEqualTo(io.spanflow.sink.rollover.LookbackUnit.HOURS);
    assertThat(r.options().unitCount()).isEqualTo(6);
    assertThat(r.options().templates().useAliases()).isTrue();
    assertThat(r.options().templates().prefix()).isEqualTo("prod");
    assertThat(r.options().conditions()).isEqualTo("{\"max_age\":\"1d\"}");

    BindResult<RolloverOptions> bad =
        ConfigBinder.bind(
            "spanflow-es-sink rollover", new RolloverOptions(), new String[] {"shrink"}, Map.of());
    assertThat(bad.shouldExit()).isTrue();
  }

  @Test
  void cleanerTakesJaegersRolloverFlag() {
    BindResult<CleanerOptions> r =
        ConfigBinder.bind(
            "spanflow-es-sink cleaner",
            new CleanerOptions(),
            new String[] {"--days=3", "--rollover"},
            Map.of());
    assertThat(r.options().rollover()).isTrue();
    assertThat(r.options().days()).isEqualTo(3);
  }
}
