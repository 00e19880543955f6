package io.spanflow.sink.dlq;

import io.spanflow.sink.bulk.BulkAction;
import io.spanflow.sink.bulk.DeadLetter;
import io.spanflow.sink.bulk.DeadLetterSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Copies refused records to the dead-letter topic (idempotent producer, acks=all) and returns only
 * once the broker has them, so the sink's offsets never move past an unsaved record.
 */
public final class KafkaDeadLetterPublisher implements DeadLetterSink, AutoCloseable {

  private static final int MAX_REASON_BYTES = 4096;

  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;

  public KafkaDeadLetterPublisher(
      String bootstrapServers, String topic, Map<String, Object> extra) {
    this.topic = Objects.requireNonNull(topic, "topic");
    Map<String, Object> config = new java.util.HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "spanflow-es-sink-dlq");
    config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    this.producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public void publish(List<DeadLetter> letters) throws Exception {
    List<Future<?>> sent = new ArrayList<>(letters.size());
    for (DeadLetter letter : letters) {
      sent.add(producer.send(toRecord(letter)));
    }
    producer.flush();
    for (Future<?> f : sent) {
      f.get(60, TimeUnit.SECONDS);
    }
  }

  ProducerRecord<byte[], byte[]> toRecord(DeadLetter letter) {
    BulkAction action = letter.action();
    ConsumerRecord<byte[], byte[]> source = action.source();
    RecordHeaders headers = new RecordHeaders();
    for (Header h : source.headers()) {
      headers.add(h);
    }
    put(headers, DeadLetterHeaders.ERROR_TYPE, letter.reasonLabel());
    put(headers, DeadLetterHeaders.ERROR_REASON, truncate(letter.reason()));
    put(headers, DeadLetterHeaders.STATUS, Integer.toString(letter.status()));
    if (action.index() != null) {
      put(headers, DeadLetterHeaders.INDEX, action.index());
    }
    put(headers, DeadLetterHeaders.SOURCE_TOPIC, source.topic());
    put(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
    put(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
    return new ProducerRecord<>(topic, null, null, source.key(), source.value(), headers);
  }

  private static void put(RecordHeaders headers, String name, String value) {
    headers.remove(name);
    headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
  }

  private static String truncate(String reason) {
    if (reason == null) {
      return "";
    }
    return reason.length() > MAX_REASON_BYTES
        ? reason.substring(0, MAX_REASON_BYTES) + "..."
        : reason;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
