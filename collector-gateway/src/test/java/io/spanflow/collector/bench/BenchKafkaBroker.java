package io.spanflow.collector.bench;

import io.spanflow.embedded.kafka.EmbeddedKafkaBroker;
import io.spanflow.testsupport.KafkaTestTopics;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's broker as a process of its own, so that its CPU is not counted as the
 * collector's: the embedded KRaft broker on a free loopback port with fresh data, the span and
 * dead-letter topics created. Writes the bootstrap address to the file given as first argument and
 * runs until its standard input closes (its parent exited) or it is killed.
 *
 * <p>Arguments: {@code <bootstrap-file> <partitions> <topic>...}
 */
public final class BenchKafkaBroker {
  private BenchKafkaBroker() {}

  public static void main(String[] args) throws Exception {
    Path bootstrapFile = Path.of(args[0]);
    int partitions = Integer.parseInt(args[1]);
    Path data = Files.createTempDirectory("spanflow-bench-kafka");
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().name("bench-kafka").dataDir(data).port(0).build();
    broker.start();
    String bootstrap = broker.bootstrapServers();
    for (int i = 2; i < args.length; i++) {
      KafkaTestTopics.create(bootstrap, partitions, args[i]);
    }
    Path tmp = bootstrapFile.resolveSibling(bootstrapFile.getFileName() + ".tmp");
    Files.writeString(tmp, bootstrap);
    Files.move(tmp, bootstrapFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    try {
      while (System.in.read() != -1) {
        // the parent holds the pipe open while it needs the broker
      }
    } finally {
      broker.close();
      deleteTree(data);
    }
    System.exit(0);
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
