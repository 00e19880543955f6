package io.spanflow.testsupport;

import io.spanflow.embedded.kafka.EmbeddedKafkaBroker;

/**
 * One real Kafka broker per test JVM: started on first use, stopped by a shutdown hook. Tests share
 * it, so each test uses its own topics ({@link KafkaTestTopics#unique(String)}).
 */
public final class SharedKafka {

  private static EmbeddedKafkaBroker broker;

  private SharedKafka() {}

  /** {@code 127.0.0.1:port} of the shared broker, starting it if this is the first call. */
  public static String bootstrapServers() {
    return started().bootstrapServers();
  }

  /** The shared broker as the handle the extension injects. */
  public static KafkaBroker broker() {
    return new KafkaBroker(bootstrapServers());
  }

  private static synchronized EmbeddedKafkaBroker started() {
    if (broker == null) {
      EmbeddedKafkaBroker candidate = EmbeddedKafkaBroker.builder().name("shared-kafka").build();
      try {
        candidate.start();
      } catch (Exception e) {
        candidate.close();
        throw new IllegalStateException("the shared Kafka broker did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(candidate::close, "shared-kafka-shutdown"));
      broker = candidate;
    }
    return broker;
  }
}
