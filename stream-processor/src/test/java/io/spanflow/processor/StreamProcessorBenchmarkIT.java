package io.spanflow.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spanflow.processor.config.ProcessorConfig;
import io.spanflow.processor.config.ProcessorOptions;
import io.spanflow.processor.json.JsonSerde;
import io.spanflow.processor.observe.ProcessorMetrics;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.runtime.Application;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.runtime.metrics.Metrics;
import io.spanflow.schemas.ids.TraceIds;
import io.spanflow.testsupport.KafkaBroker;
import io.spanflow.testsupport.KafkaBrokerExtension;
import io.spanflow.testsupport.KafkaTestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of the whole topology on the real broker, and the latency from a trace's last span to
 * its edge. Not part of the normal build (it measures, it does not check much): run with {@code
 * ./mvnw -pl stream-processor -am verify -Dbenchmark=true -Dit.test=StreamProcessorBenchmarkIT}.
 */
@ExtendWith(KafkaBrokerExtension.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class StreamProcessorBenchmarkIT {

  static final int TRACES = Integer.getInteger("benchmark.traces", 40_000);
  static final int SPANS_PER_TRACE = 5;

  @TempDir Path stateDir;

  @Test
  void throughputAndEdgeLatency(KafkaBroker kafka) throws Exception {
    String bootstrap = kafka.bootstrapServers();
    String input = KafkaTestTopics.unique("jaeger-spans");
    String indexed = KafkaTestTopics.unique("indexed");
    String links = KafkaTestTopics.unique("links");
    KafkaTestTopics.create(bootstrap, 3, input);
    KafkaTestTopics.create(bootstrap, 3, indexed);
    KafkaTestTopics.create(bootstrap, links);
    String others = KafkaTestTopics.unique("other");
    KafkaTestTopics.create(bootstrap, others + "-dlq", others + "-ops", others + "-metrics");

    ProcessorOptions options =
        ConfigBinder.bind(
                StreamProcessorMain.NAME,
                new ProcessorOptions(),
                new String[] {
                  "--kafka.consumer.brokers=" + bootstrap,
                  "--kafka.consumer.topic=" + input,
                  "--processor.application-id=" + KafkaTestTopics.unique("bench"),
                  "--processor.state-dir=" + stateDir,
                  "--processor.replication-factor=1",
                  "--admin.http.host-port=127.0.0.1:0"
                },
                Map.of())
            .options();
    PrometheusMeterRegistry registry = Metrics.newPrometheusRegistry();
    ProcessorConfig config =
        options
            .toConfig()
            .indexedTopic(indexed)
            .dependencyLinksTopic(links)
            .dlqTopic(others + "-dlq")
            .serviceOperationsTopic(others + "-ops")
            .spanMetricsTopic(others + "-metrics")
            .metrics(new ProcessorMetrics(registry))
            .build();
    Application app = StreamProcessorMain.application(options, config, registry, false);
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap);
        KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      app.start();
      consumer.subscribe(List.of(indexed, links));
      int total = TRACES * SPANS_PER_TRACE;
      Instant base = Instant.now();
      long sendStart = System.nanoTime();
      for (int t = 0; t < TRACES; t++) {
        for (Span s : trace(t + 1, base, "svc-" + (t % 7), "svc-" + (t % 5 + 10))) {
          producer.send(new ProducerRecord<>(input, key(s), s.toByteArray()));
        }
      }
      producer.flush();
      double sendSeconds = (System.nanoTime() - sendStart) / 1e9;

      AtomicLong seen = new AtomicLong();
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                  if (r.topic().equals(indexed)) {
                    seen.incrementAndGet();
                  }
                }
                return seen.get() >= total;
              });
      double seconds = (System.nanoTime() - sendStart) / 1e9;
      System.out.printf(
          "BENCHMARK %d spans (%d traces) produced in %.1f s; all indexed after %.1f s: %.0f spans/s"
              + " through the topology (exactly_once_v2, 3 partitions, 1 thread)%n",
          total, TRACES, sendSeconds, seconds, total / seconds);

      // Edge latency: a probe trace sent now; time from its last span to its edge.
      long probeSent = System.nanoTime();
      for (Span s : trace(TRACES + 1_000_000, Instant.now(), "probe-parent", "probe-child")) {
        producer.send(new ProducerRecord<>(input, key(s), s.toByteArray()));
      }
      producer.flush();
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                  if (r.topic().equals(links)) {
                    JsonNode v = JsonSerde.MAPPER.readTree(r.value());
                    if (v.path("parent").asText().equals("probe-parent")) {
                      return true;
                    }
                  }
                }
                return false;
              });
      double latency = (System.nanoTime() - probeSent) / 1e9;
      System.out.printf(
          "BENCHMARK edge published %.1f s after the trace's last span (gap %s)%n",
          latency, config.traceInactivityGap());
      assertThat(latency).isLessThan(60);
    } finally {
      app.close();
    }
  }

  /** root (a, server) → client (a) → server (b) → 2 children in b. */
  private static List<Span> trace(long id, Instant base, String a, String b) {
    var trace = TraceIds.traceId(id, id * 31);
    return List.of(
        span(trace, 1, 0, a, "GET /api/" + (id % 50), "server", base),
        span(trace, 2, 1, a, "GET /backend", "client", base),
        span(trace, 3, 2, b, "GET /backend", "server", base),
        span(trace, 4, 3, b, "SELECT", "client", base),
        span(trace, 5, 3, b, "render", "internal", base));
  }

  private static Span span(
      com.google.protobuf.ByteString trace,
      long id,
      long parent,
      String service,
      String op,
      String kind,
      Instant base) {
    Span.Builder s =
        Span.newBuilder()
            .setTraceId(trace)
            .setSpanId(TraceIds.spanId(id))
            .setOperationName(op)
            .setStartTime(
                com.google.protobuf.Timestamp.newBuilder()
                    .setSeconds(base.getEpochSecond())
                    .setNanos(base.getNano()))
            .setDuration(com.google.protobuf.Duration.newBuilder().setNanos((int) id * 1_000_000))
            .setProcess(Process.newBuilder().setServiceName(service))
            .addTags(KeyValue.newBuilder().setKey("span.kind").setVStr(kind))
            .addTags(KeyValue.newBuilder().setKey("http.method").setVStr("GET"));
    if (parent != 0) {
      s.addReferences(SpanRef.newBuilder().setTraceId(trace).setSpanId(TraceIds.spanId(parent)));
    }
    return s.build();
  }

  private static byte[] key(Span s) {
    return TraceIds.toHex(s.getTraceId()).getBytes(StandardCharsets.UTF_8);
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaTestTopics.unique("bench-reader"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
