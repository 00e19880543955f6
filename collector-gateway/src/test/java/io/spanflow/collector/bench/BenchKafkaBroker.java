package io.spanflow.collector.bench;

import io.spanflow.embedded.kafka.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The benchmark's broker as a process of its own, so that its CPU is not counted as the
 * collector's: the embedded KRaft broker on a free loopback port with fresh data, the span and
 * dead-letter topics created. Writes the bootstrap address to the file given as first argument once
 * every partition has a leader, and runs until its standard input closes (its parent exited) or it
 * is killed. Exits with status 1 if it cannot get there.
 *
 * <p>Arguments: {@code <bootstrap-file> <partitions> <topic>...}
 */
public final class BenchKafkaBroker {
  private BenchKafkaBroker() {}

  public static void main(String[] args) throws Exception {
    Path bootstrapFile = Path.of(args[0]);
    int partitions = Integer.parseInt(args[1]);
    List<String> topics = List.of(args).subList(2, args.length);
    Path data = Files.createTempDirectory("spanflow-bench-kafka");
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().name("bench-kafka").dataDir(data).port(0).build();
    try {
      broker.start();
      String bootstrap = broker.bootstrapServers();
      createTopics(bootstrap, partitions, topics);
      Path tmp = bootstrapFile.resolveSibling(bootstrapFile.getFileName() + ".tmp");
      Files.writeString(tmp, bootstrap);
      Files.move(tmp, bootstrapFile, StandardCopyOption.ATOMIC_MOVE);
      while (System.in.read() != -1) {
        // the parent holds the pipe open while it needs the broker
      }
    } catch (Exception e) {
      e.printStackTrace();
      broker.close();
      deleteTree(data);
      System.exit(1);
    }
    broker.close();
    deleteTree(data);
    System.exit(0);
  }

  /** Creates the topics and waits (up to a minute) until every partition has a leader. */
  private static void createTopics(String bootstrap, int partitions, List<String> topics)
      throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> wanted = new ArrayList<>();
      topics.forEach(t -> wanted.add(new NewTopic(t, partitions, (short) 1)));
      try {
        admin.createTopics(wanted).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        try {
          Map<String, TopicDescription> described =
              admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
          if (described.values().stream()
              .allMatch(
                  d ->
                      d.partitions().size() == partitions
                          && d.partitions().stream().allMatch(p -> p.leader() != null))) {
            return;
          }
        } catch (ExecutionException metadataNotYetPropagated) {
          if (System.nanoTime() > deadline) {
            throw metadataNotYetPropagated;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("partitions of " + topics + " have no leader");
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
