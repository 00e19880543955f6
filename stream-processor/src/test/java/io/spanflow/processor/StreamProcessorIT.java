package io.spanflow.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spanflow.processor.config.ProcessorConfig;
import io.spanflow.processor.config.ProcessorOptions;
import io.spanflow.processor.json.JsonSerde;
import io.spanflow.processor.observe.ProcessorMetrics;
import io.spanflow.processor.validate.DlqHeaders;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.runtime.Application;
import io.spanflow.runtime.config.BindResult;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.runtime.metrics.Metrics;
import io.spanflow.schemas.fixtures.TestTraces;
import io.spanflow.schemas.ids.TraceIds;
import io.spanflow.testsupport.KafkaBroker;
import io.spanflow.testsupport.KafkaBrokerExtension;
import io.spanflow.testsupport.KafkaTestTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The real app (options → config → Streams + admin server) on the real broker. */
@ExtendWith(KafkaBrokerExtension.class)
class StreamProcessorIT {

  @TempDir Path stateDir;

  @Test
  void processesSpansEndToEnd_withExactlyOnce(KafkaBroker kafka) throws Exception {
    String bootstrap = kafka.bootstrapServers();
    String input = KafkaTestTopics.unique("jaeger-spans");
    String dlq = KafkaTestTopics.unique("dlq");
    String indexed = KafkaTestTopics.unique("indexed");
    String catalog = KafkaTestTopics.unique("service-operations");
    String links = KafkaTestTopics.unique("dependency-links");
    String metrics = KafkaTestTopics.unique("span-metrics");
    KafkaTestTopics.create(bootstrap, 3, input);
    KafkaTestTopics.create(bootstrap, dlq, indexed, catalog, links, metrics);

    BindResult<ProcessorOptions> bound =
        ConfigBinder.bind(
            StreamProcessorMain.NAME,
            new ProcessorOptions(),
            new String[] {
              "--kafka.consumer.brokers=" + bootstrap,
              "--kafka.consumer.topic=" + input,
              "--processor.application-id=" + KafkaTestTopics.unique("app"),
              "--processor.state-dir=" + stateDir,
              "--processor.trace-inactivity-gap=2s",
              "--processor.replication-factor=1",
              "--admin.http.host-port=127.0.0.1:0"
            },
            Map.of());
    assertThat(bound.shouldExit()).as(bound.error()).isFalse();
    PrometheusMeterRegistry registry = Metrics.newPrometheusRegistry();
    ProcessorConfig config =
        bound
            .options()
            .toConfig()
            .dlqTopic(dlq)
            .indexedTopic(indexed)
            .serviceOperationsTopic(catalog)
            .dependencyLinksTopic(links)
            .spanMetricsTopic(metrics)
            .sessionScanInterval(Duration.ofSeconds(1))
            .metrics(new ProcessorMetrics(registry))
            .build();
    assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");

    Application app = StreamProcessorMain.application(bound.options(), config, registry, false);
    try {
      app.start();
      String admin = "http://127.0.0.1:" + app.admin().port();
      await().atMost(Duration.ofSeconds(60)).until(() -> get(admin + "/").statusCode() == 200);

      Instant now = Instant.now();
      List<Span> spans = new ArrayList<>(TestTraces.twoServiceTrace(now));
      spans.addAll(TestTraces.zipkinSharedSpanTrace(now));
      try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
        for (Span s : spans) {
          producer.send(record(input, s, true));
        }
        for (Span s : TestTraces.twoServiceTrace(now)) {
          producer.send(record(input, s, false)); // a retry, unkeyed this time
        }
        producer.send(new ProducerRecord<>(input, null, new byte[] {(byte) 0xff, 1, 2}));
      }

      List<ConsumerRecord<byte[], byte[]>> docs = new ArrayList<>();
      List<ConsumerRecord<byte[], byte[]>> edges = new ArrayList<>();
      List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
      try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
        consumer.subscribe(List.of(indexed, links, dlq));
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> {
                  for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    (r.topic().equals(indexed) ? docs : r.topic().equals(links) ? edges : dead)
                        .add(r);
                  }
                  return docs.size() >= spans.size()
                      && !dead.isEmpty()
                      && latestCallCounts(edges).getOrDefault("frontend->backend", 0L) == 2;
                });
        // give a duplicate time to show up, if there were one
        consumer
            .poll(Duration.ofSeconds(2))
            .forEach(
                r -> {
                  if (r.topic().equals(indexed)) {
                    docs.add(r);
                  }
                });
      }
      assertThat(docs).hasSize(spans.size());
      assertThat(docs.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct())
          .hasSize(spans.size());
      assertThat(DlqHeaders.text(dead.get(0).headers(), DlqHeaders.REASON))
          .isEqualTo("undecodable");
      assertThat(DlqHeaders.text(dead.get(0).headers(), DlqHeaders.SOURCE_TOPIC)).isEqualTo(input);

      String prometheus = get(admin + "/metrics").body();
      assertThat(prometheus)
          .contains("spanflow_processor_records_in_total")
          .contains("spanflow_processor_dlq_total{reason=\"undecodable\"} 1.0")
          .contains("spanflow_processor_duplicates_dropped_total 4.0")
          .contains("spanflow_processor_dependency_edges_emitted_total 2.0")
          .contains("kafka_consumer");
    } finally {
      app.close();
    }
  }

  private static Map<String, Long> latestCallCounts(List<ConsumerRecord<byte[], byte[]>> edges)
      throws java.io.IOException {
    Map<String, Long> byKey = new HashMap<>();
    Map<String, String> edgeOfKey = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : edges) {
      JsonNode v = JsonSerde.MAPPER.readTree(r.value());
      String key = new String(r.key(), StandardCharsets.UTF_8);
      byKey.put(key, v.path("callCount").asLong());
      edgeOfKey.put(key, v.path("parent").asText() + "->" + v.path("child").asText());
    }
    Map<String, Long> total = new HashMap<>();
    byKey.forEach((k, n) -> total.merge(edgeOfKey.get(k), n, Long::sum));
    return total;
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, Span s, boolean keyed) {
    byte[] key = keyed ? TraceIds.toHex(s.getTraceId()).getBytes(StandardCharsets.UTF_8) : null;
    return new ProducerRecord<>(topic, key, s.toByteArray());
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // One request in flight, so a batch cannot be lost to the new-partition sequence race on the
    // fresh topic (see
    // ProcessorConfig.streamsProperties).
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaTestTopics.unique("reader"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
