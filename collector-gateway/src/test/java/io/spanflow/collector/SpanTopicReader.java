package io.spanflow.collector;

import io.spanflow.proto.jaeger.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** Reads a topic from the beginning, as a downstream consumer would, for assertions. */
public final class SpanTopicReader implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

  public SpanTopicReader(String bootstrap, String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
  }

  /** Polls until {@code count} records match, then returns the matching ones. */
  public List<ConsumerRecord<String, byte[]>> awaitRecords(
      Predicate<ConsumerRecord<String, byte[]>> match, int count) {
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(200)).forEach(records::add);
              found.clear();
              records.stream().filter(match).forEach(found::add);
              return found.size() >= count;
            });
    return found;
  }

  /** Polls until {@code count} spans match, then returns them. */
  public List<Span> awaitSpans(Predicate<Span> match, int count) {
    return awaitRecords(r -> match.test(parse(r.value())), count).stream()
        .map(r -> parse(r.value()))
        .toList();
  }

  public static Span parse(byte[] value) {
    try {
      return Span.parseFrom(value);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError("not a protobuf Span on the topic", e);
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
