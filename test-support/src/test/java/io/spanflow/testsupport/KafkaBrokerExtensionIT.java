package io.spanflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerExtensionIT {

  private final KafkaBroker injectedIntoConstructor;

  KafkaBrokerExtensionIT(KafkaBroker kafka) {
    this.injectedIntoConstructor = kafka;
  }

  @Test
  void injectsTheSharedBroker(KafkaBroker kafka) {
    assertThat(kafka.bootstrapServers())
        .isEqualTo(SharedKafka.bootstrapServers())
        .isEqualTo(injectedIntoConstructor.bootstrapServers())
        .matches("127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void uniqueNamesDifferAndKeepTheirPrefix() {
    String a = KafkaTestTopics.unique("jaeger-spans");
    String b = KafkaTestTopics.unique("jaeger-spans");
    assertThat(a).startsWith("jaeger-spans-").isNotEqualTo(b);
  }

  @Test
  void createdTopicsHaveTheRequestedPartitionsAndCarryRecords(KafkaBroker kafka) throws Exception {
    String topic = KafkaTestTopics.unique("carried");
    KafkaTestTopics.create(kafka.bootstrapServers(), 3, topic);

    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicDescription description =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      assertThat(description.partitions()).hasSize(3);
    }

    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
    }
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "g-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
              });
    }
    assertThat(values).containsExactly("hello");
  }

  @Test
  void creatingAnExistingTopicFailsLoudly(KafkaBroker kafka) {
    String topic = KafkaTestTopics.unique("twice");
    KafkaTestTopics.create(kafka.bootstrapServers(), topic);
    assertThatThrownBy(() -> KafkaTestTopics.create(kafka.bootstrapServers(), topic))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(topic);
  }
}
