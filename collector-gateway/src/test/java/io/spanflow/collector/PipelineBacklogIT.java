package io.spanflow.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.collector.ingest.IngestException;
import io.spanflow.collector.ingest.Source;
import io.spanflow.collector.kafka.SpanPublisher;
import io.spanflow.collector.metrics.CollectorMetrics;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.testsupport.KafkaTestTopics;
import io.spanflow.testsupport.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --collector.max-backlog} on the real broker: once the pipeline's consumer group is more
 * than the limit behind on the span topic, publishing answers OVERLOADED (429 /
 * RESOURCE_EXHAUSTED); once the group catches up, it accepts again.
 */
class PipelineBacklogIT {
  private static final int LIMIT = 5;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private SpanPublisher publisher;

  @AfterEach
  void close() {
    if (publisher != null) {
      publisher.close();
    }
  }

  @Test
  void overTheBacklogLimitRequestsAreRefusedUntilTheGroupCatchesUp() throws Exception {
    String bootstrap = SharedKafka.bootstrapServers();
    String topic = KafkaTestTopics.unique("jaeger-spans");
    String group = KafkaTestTopics.unique("processor");
    KafkaTestTopics.create(bootstrap, 2, topic, KafkaTestTopics.unique("dlq"));
    publisher =
        SpanPublisher.builder()
            .producerConfig(Map.of("bootstrap.servers", bootstrap))
            .topic(topic)
            .maxBacklog(LIMIT, group, Duration.ofMillis(100))
            .metrics(new CollectorMetrics(registry))
            .build();
    publisher.start();
    List<TopicPartition> partitions =
        List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));

    try (KafkaConsumer<byte[], byte[]> processor = consumer(bootstrap, group)) {
      commit(processor, partitions, 0);
      // A group that is caught up: accepted.
      publisher
          .publish(Source.JAEGER_GRPC, spans(LIMIT + 3), System.nanoTime())
          .get(30, TimeUnit.SECONDS);

      // Eight spans behind, limit five: refused as overloaded, with the reason.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(kindOf(publisher, spans(1)))
                      .isEqualTo(IngestException.Kind.OVERLOADED));
      assertThat(message(publisher)).contains("pipeline backlog", group, "limit " + LIMIT);
      assertThat(registry.get("spanflow_collector_pipeline_backlog").gauge().value())
          .isEqualTo(LIMIT + 3);

      // The group catches up: accepted again.
      Map<TopicPartition, Long> ends = processor.endOffsets(partitions);
      Map<TopicPartition, OffsetAndMetadata> caughtUp = new HashMap<>();
      ends.forEach((tp, end) -> caughtUp.put(tp, new OffsetAndMetadata(end)));
      processor.commitSync(caughtUp);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(kindOf(publisher, spans(1))).isNull());
    }
  }

  private static List<Span> spans(int n) {
    List<Span> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestSpans.span("backlog-it", 0x5eedL + i, i + 1));
    }
    return out;
  }

  /** Null when accepted, else the kind of refusal. */
  private static IngestException.Kind kindOf(SpanPublisher p, List<Span> spans) {
    try {
      p.publish(Source.JAEGER_GRPC, spans, System.nanoTime()).join();
      return null;
    } catch (CompletionException e) {
      return e.getCause() instanceof IngestException ie ? ie.kind() : null;
    }
  }

  private static String message(SpanPublisher p) {
    try {
      p.publish(Source.JAEGER_GRPC, spans(1), System.nanoTime()).join();
      return "";
    } catch (CompletionException e) {
      return e.getCause().getMessage();
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static void commit(
      KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions, long offset) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    partitions.forEach(tp -> offsets.put(tp, new OffsetAndMetadata(offset)));
    c.commitSync(offsets);
  }
}
