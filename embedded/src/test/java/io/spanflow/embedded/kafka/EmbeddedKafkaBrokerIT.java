package io.spanflow.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

  @TempDir Path tmp;

  @Test
  void streamsAppReadsAndWritesThroughTheBroker() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build()) {
      broker.start();
      assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
      assertThat(broker.check().healthy()).isTrue();
      String bootstrap = broker.bootstrapServers();
      createTopics(bootstrap, "words", "shouted");

      StreamsBuilder topology = new StreamsBuilder();
      topology.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
          .mapValues(v -> v.toUpperCase())
          .to("shouted", Produced.with(Serdes.String(), Serdes.String()));
      Properties streamsProps = new Properties();
      streamsProps.put(StreamsConfig.APPLICATION_ID_CONFIG, "shout-" + UUID.randomUUID());
      streamsProps.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      streamsProps.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("streams").toString());
      streamsProps.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
      streamsProps.put(
          StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");

      try (KafkaStreams streams = new KafkaStreams(topology.build(), streamsProps)) {
        streams.start();
        produce(bootstrap, "words", List.of("alpha", "beta", "gamma"));

        List<String> shouted = consumeValues(bootstrap, "shouted", 3);
        assertThat(shouted).containsExactly("ALPHA", "BETA", "GAMMA");
      }
    }
  }

  @Test
  void recordsSurviveARestartOnTheSameDataDirectory() throws Exception {
    Path dataDir = tmp.resolve("kafka");
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDir(dataDir).build()) {
      first.start();
      createTopics(first.bootstrapServers(), "kept");
      produce(first.bootstrapServers(), "kept", List.of("one", "two", "three"));
    }
    assertThat(dataDir.resolve("meta.properties")).exists();

    try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().dataDir(dataDir).build()) {
      second.start();
      assertThat(consumeValues(second.bootstrapServers(), "kept", 3))
          .containsExactly("one", "two", "three");
    }
  }

  @Test
  void temporaryDataDirectoryIsRemovedAndBrokerCannotRestartAfterClose() throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();
    broker.start();
    Path dataDir = broker.dataDir();
    assertThat(Files.exists(dataDir.resolve("meta.properties"))).isTrue();

    broker.close();
    broker.close(); // idempotent

    assertThat(dataDir).doesNotExist();
    assertThat(broker.check().healthy()).isFalse();
    assertThat(broker.check().reason()).contains("closed");
    assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class);
  }

  private static void createTopics(String bootstrap, String... names) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> topics = new ArrayList<>();
      for (String name : names) {
        topics.add(new NewTopic(name, 1, (short) 1));
      }
      admin.createTopics(topics).all().get();
    }
  }

  private static void produce(String bootstrap, String topic, List<String> values)
      throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, value, value)).get();
      }
    }
  }

  private static List<String> consumeValues(String bootstrap, String topic, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  values.add(r.value());
                }
                return values.size() >= expected;
              });
    }
    return values;
  }
}
