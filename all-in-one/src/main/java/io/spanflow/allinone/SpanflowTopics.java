package io.spanflow.allinone;

import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import io.spanflow.schemas.kafka.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the topics Spanflow reads and writes, once, before the components start. On a real
 * cluster this is the compose file's one-shot job; the broker itself does not auto-create them, so
 * a typo in a topic name fails loudly instead of creating an empty topic.
 */
final class SpanflowTopics implements Component {

  private final Supplier<String> bootstrapServers;
  private final int partitions;

  /** The address is read at start, once the broker has bound its port. */
  SpanflowTopics(Supplier<String> bootstrapServers, int partitions) {
    this.bootstrapServers = bootstrapServers;
    this.partitions = partitions;
  }

  /** Every topic with its partitions and config; the catalog is compacted. */
  static List<NewTopic> definitions(int partitions) {
    List<NewTopic> topics = new ArrayList<>();
    for (String name :
        List.of(
            Topics.JAEGER_SPANS,
            Topics.SPANS_INDEXED,
            Topics.DEPENDENCY_LINKS,
            Topics.SPAN_METRICS,
            Topics.SPANS_DLQ,
            Topics.ES_DLQ)) {
      topics.add(new NewTopic(name, partitions, (short) 1));
    }
    topics.add(
        new NewTopic(Topics.SERVICE_OPERATIONS, partitions, (short) 1)
            .configs(
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    return topics;
  }

  @Override
  public String name() {
    return "topics";
  }

  @Override
  public void start() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.get()))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          definitions(partitions).stream().filter(t -> !existing.contains(t.name())).toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
      awaitLeaders(admin, definitions(partitions).stream().map(NewTopic::name).toList());
    }
  }

  /**
   * Returns once every partition has a leader. A producer that writes to a partition without one
   * gets NOT_LEADER_OR_FOLLOWER, and an idempotent producer retrying that was seen stuck on
   * OUT_OF_ORDER_SEQUENCE_NUMBER (Kafka 4.3.1, a loaded machine).
   */
  private static void awaitLeaders(Admin admin, List<String> names) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      boolean allLed =
          admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
              .flatMap(d -> d.partitions().stream())
              .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
      if (allLed) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("no leader yet for some partition of " + names);
      }
      Thread.sleep(50); // polling the broker's metadata; there is nothing to await on instead
    }
  }

  @Override
  public CheckResult check() {
    return CheckResult.ok();
  }

  @Override
  public void close() {}
}
