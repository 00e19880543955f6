package io.spanflow.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spanflow.runtime.config.BindResult;
import io.spanflow.runtime.config.ConfigBinder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorOptionsTest {

  @Test
  void defaults_areJaegerLikeAndExactlyOnce() {
    ProcessorOptions o = bind(Map.of()).options();
    ProcessorConfig c = o.toConfig().build();
    assertThat(c.inputTopic()).isEqualTo("jaeger-spans");
    assertThat(c.otlpTopic()).isEmpty();
    assertThat(c.processingGuarantee()).isEqualTo("exactly_once_v2");
    assertThat(c.traceInactivityGap()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.dedupeRetention()).isEqualTo(Duration.ofHours(1));
    assertThat(c.maxTagValueLength()).isEqualTo(4096);
    assertThat(o.admin().hostPort().port()).isEqualTo(14272);
    assertThat(c.indexedTopic()).isEqualTo("spanflow.spans.indexed");
    assertThat(c.dependencyLinksTopic()).isEqualTo("spanflow.dependency-links");
    assertThat(c.sessionScanInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.streamsProperties()).containsEntry("commit.interval.ms", 1000L);
    // one request in flight: see ProcessorConfig.streamsProperties (the new-partition sequence
    // race)
    assertThat(c.streamsProperties())
        .containsEntry("producer.max.in.flight.requests.per.connection", 1);
  }

  @Test
  void streamsOverrides_areAppliedLast() {
    ProcessorConfig c =
        bind(Map.of())
            .options()
            .toConfig()
            .streamsOverride("client.id", "instance-a")
            .streamsOverride("producer.max.in.flight.requests.per.connection", 2)
            .build();
    assertThat(c.streamsProperties())
        .containsEntry("client.id", "instance-a")
        .containsEntry("producer.max.in.flight.requests.per.connection", 2);
  }

  @Test
  void flagsAndEnvironment_bind() {
    ProcessorConfig c =
        bind(
                Map.of("PROCESSOR_DEDUPE_RETENTION", "15m"),
                "--kafka.consumer.brokers=broker:9093",
                "--kafka.consumer.topic=spans",
                "--kafka.consumer.otlp-topic=otlp_spans",
                "--processor.guarantee=at_least_once",
                "--processor.trace-inactivity-gap=45s",
                "--processor.max-tag-value-length=1024",
                "--kafka.producer.indexed-topic=idx",
                "--kafka.producer.dlq-topic=dead",
                "--kafka.producer.service-operations-topic=ops",
                "--kafka.producer.dependency-links-topic=deps",
                "--kafka.producer.span-metrics-topic=red",
                "--processor.session-scan-interval=500ms",
                "--kafka.producer.max-in-flight=5")
            .options()
            .toConfig()
            .build();
    assertThat(c.bootstrapServers()).isEqualTo("broker:9093");
    assertThat(c.inputTopic()).isEqualTo("spans");
    assertThat(c.otlpTopic()).contains("otlp_spans");
    assertThat(c.processingGuarantee()).isEqualTo("at_least_once");
    assertThat(c.traceInactivityGap()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.dedupeRetention()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.maxTagValueLength()).isEqualTo(1024);
    assertThat(c.indexedTopic()).isEqualTo("idx");
    assertThat(c.dlqTopic()).isEqualTo("dead");
    assertThat(c.serviceOperationsTopic()).isEqualTo("ops");
    assertThat(c.dependencyLinksTopic()).isEqualTo("deps");
    assertThat(c.spanMetricsTopic()).isEqualTo("red");
    assertThat(c.sessionScanInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.streamsProperties())
        .containsEntry("producer.max.in.flight.requests.per.connection", 5);
  }

  @Test
  void invalidGuarantee_isRejectedByName() {
    ProcessorOptions o = bind(Map.of(), "--processor.guarantee=sometimes").options();
    assertThatThrownBy(() -> o.toConfig().build()).hasMessageContaining("processingGuarantee");
  }

  @Test
  void unknownFlag_exitsWithUsage() {
    BindResult<ProcessorOptions> r = bind(Map.of(), "--processor.no-such-thing=1");
    assertThat(r.shouldExit()).isTrue();
    assertThat(r.exitCode()).isEqualTo(ConfigBinder.USAGE_EXIT_CODE);
    assertThat(r.error()).contains("no-such-thing");
  }

  private static BindResult<ProcessorOptions> bind(Map<String, String> env, String... args) {
    return ConfigBinder.bind("spanflow-stream-processor", new ProcessorOptions(), args, env);
  }
}
