package io.spanflow.tracegen.bench;

import io.spanflow.runtime.config.ConfigBinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Option;

/**
 * Samples the consumer lag (log end offset minus committed offset, summed over partitions) of every
 * consumer group, or of the named ones, every interval: for a duration, or until it drains to zero.
 * Prints one line per sample and, at the end, {@code max_lag}, {@code final_lag} and {@code
 * drained_after_s} (-1 if it did not drain).
 */
public final class ConsumerLagMain {

  /** Flags. */
  static final class Options {
    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "Kafka brokers.")
    String bootstrap;

    @Option(
        names = "--groups",
        split = ",",
        description = "Consumer groups to watch (default: every consumer group).")
    List<String> groups;

    @Option(names = "--interval", defaultValue = "2s", description = "Time between samples.")
    Duration interval;

    @Option(
        names = "--duration",
        defaultValue = "0",
        description = "Sample for this long; 0: once, unless --until-drained.")
    Duration duration;

    @Option(
        names = "--until-drained",
        defaultValue = "false",
        description = "Stop as soon as the total lag is zero (or --duration passed).")
    boolean untilDrained;

    @Option(
        names = "--tolerance",
        defaultValue = "0",
        description =
            "Per-partition lag still counted as drained. 0 by default: the es-sink commits its"
                + " position past the stream processor's transaction markers; 1 suits a consumer"
                + " that commits 'last record + 1' on a transactional topic.")
    long tolerance;

    @Option(names = "--summary-file", description = "Write key=value results here too.")
    Path summaryFile;
  }

  private ConsumerLagMain() {}

  public static void main(String[] args) throws Exception {
    Options o = ConfigBinder.bind("spanflow-consumer-lag", new Options(), args);
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap);
    long start = System.nanoTime();
    long maxLag = 0;
    long lastLag = 0;
    double drainedAfter = -1;
    try (Admin admin = Admin.create(props)) {
      while (true) {
        double t = (System.nanoTime() - start) / 1e9;
        try {
          Map<String, long[]> lag = lag(admin, o.groups, o.tolerance);
          lastLag = lag.values().stream().mapToLong(v -> v[0]).sum();
          long beyondTolerance = lag.values().stream().mapToLong(v -> v[1]).sum();
          maxLag = Math.max(maxLag, lastLag);
          StringBuilder groups = new StringBuilder();
          lag.forEach((g, v) -> groups.append(' ').append(g).append('=').append(v[0]));
          System.out.printf("lag t=%.0fs total=%d%s%n", t, lastLag, groups);
          if (o.untilDrained && beyondTolerance == 0) {
            drainedAfter = t;
            break;
          }
        } catch (Exception e) {
          // A busy broker may answer late; one missed sample is not a result.
          System.out.printf("lag t=%.0fs sample failed: %s%n", t, e);
        }
        if (System.nanoTime() - start >= o.duration.toNanos()) {
          break;
        }
        TimeUnit.NANOSECONDS.sleep(o.interval.toNanos());
      }
    }
    String summary =
        "max_lag="
            + maxLag
            + "\nfinal_lag="
            + lastLag
            + "\ndrained_after_s="
            + String.format(java.util.Locale.ROOT, "%.0f", drainedAfter)
            + "\n";
    System.out.print(summary);
    if (o.summaryFile != null) {
      Files.writeString(o.summaryFile, summary);
    }
  }

  /**
   * Per group: {total lag, lag beyond the per-partition tolerance}. A group without committed
   * offsets yet counts as 0.
   */
  static Map<String, long[]> lag(Admin admin, List<String> only, long tolerance) throws Exception {
    List<String> groups = only;
    if (groups == null || groups.isEmpty()) {
      groups =
          admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
              .map(GroupListing::groupId)
              .sorted()
              .toList();
    }
    Map<String, long[]> out = new TreeMap<>();
    for (String group : groups) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResultInfo> ends =
          latest.isEmpty() ? Map.of() : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
      long sum = 0;
      long beyond = 0;
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
        if (e.getValue() != null && ends.containsKey(e.getKey())) {
          long partitionLag = Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
          sum += partitionLag;
          beyond += partitionLag > tolerance ? partitionLag : 0;
        }
      }
      out.put(group, new long[] {sum, beyond});
    }
    return out;
  }
}
