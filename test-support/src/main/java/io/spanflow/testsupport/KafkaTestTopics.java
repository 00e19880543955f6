package io.spanflow.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topic names that no other test uses, and topic creation that waits until topics exist. */
public final class KafkaTestTopics {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private KafkaTestTopics() {}

  /**
   * {@code prefix} plus a suffix unique in this JVM and across JVMs, e.g. {@code
   * jaeger-spans-3-1a2b3c4d}.
   */
  public static String unique(String prefix) {
    return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + RUN;
  }

  /** Creates single-partition topics (replication factor 1). */
  public static void create(String bootstrapServers, String... names) {
    create(bootstrapServers, 1, names);
  }

  /** Creates topics with {@code partitions} partitions each (replication factor 1). */
  public static void create(String bootstrapServers, int partitions, String... names) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
    }
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(new NewTopic(name, partitions, (short) 1));
    }
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
      awaitLeaders(admin, List.of(names));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics " + List.of(names), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create topics " + List.of(names), e);
    }
  }

  /**
   * Waits until every partition has a leader. Producing to a topic the broker does not lead yet
   * gets NOT_LEADER_OR_FOLLOWER, and an idempotent producer that retries then was seen stuck on
   * OUT_OF_ORDER_SEQUENCE_NUMBER for minutes (Kafka 4.3.1, a loaded machine).
   */
  private static void awaitLeaders(Admin admin, List<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      boolean allLed;
      try {
        Map<String, TopicDescription> described =
            admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
        allLed =
            described.values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
      } catch (ExecutionException e) {
        // Just created: the metadata may not know the topic yet on a loaded machine.
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
        allLed = false;
      }
      if (allLed) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("no leader yet for some partition of " + names);
      }
      Thread.sleep(50); // polling the broker's metadata; nothing to await on instead
    }
  }
}
