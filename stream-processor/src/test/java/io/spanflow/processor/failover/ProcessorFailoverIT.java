package io.spanflow.processor.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spanflow.processor.StreamProcessorMain;
import io.spanflow.processor.config.ProcessorOptions;
import io.spanflow.processor.json.JsonSerde;
import io.spanflow.processor.observe.ProcessorMetrics;
import io.spanflow.processor.testing.SyntheticTraces;
import io.spanflow.processor.testing.SyntheticTraces.Counts;
import io.spanflow.processor.testing.SyntheticTraces.Trace;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.runtime.Application;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.runtime.metrics.Metrics;
import io.spanflow.schemas.ids.TraceIds;
import io.spanflow.testsupport.FreePorts;
import io.spanflow.testsupport.KafkaBroker;
import io.spanflow.testsupport.KafkaBrokerExtension;
import io.spanflow.testsupport.KafkaTestTopics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the stream processor (same application id, own state directories,
 * exactly_once_v2) share a 6-partition input; one runs as a child JVM and is killed with SIGKILL
 * while it works, so it neither commits nor flushes nor leaves the group. The survivor takes over
 * its partitions, restores their state from the changelogs, and the derived topics, read
 * read_committed, come out exact: every span indexed once, edge and RED counts as built.
 *
 * <p>The traces (see {@link SyntheticTraces}) include retries sent before and after the kill, keyed
 * and unkeyed, and traces whose spans straddle the kill (their parents are in the killed instance's
 * state when their children arrive).
 */
@ExtendWith(KafkaBrokerExtension.class)
class ProcessorFailoverIT {

  private static final int PARTITIONS = 6;
  private static final int TRACES = 300;
  private static final int BEFORE_KILL = 200; // traces 1..200 go before the kill
  private static final int STRADDLING = 50; // of those, the last 50 send half their spans after
  private static final Duration AWAIT = Duration.ofMinutes(4);
  private static final Pattern RECORDS_IN =
      Pattern.compile(
          "^spanflow_processor_records_in_total\\{[^}]*} ([0-9.Ee+]+)$", Pattern.MULTILINE);

  @TempDir Path tmp;

  @Test
  void killedInstance_survivorTakesOverAndOutputsAreExact(KafkaBroker kafka) throws Exception {
    String bootstrap = kafka.bootstrapServers();
    String input = KafkaTestTopics.unique("jaeger-spans");
    String dlq = KafkaTestTopics.unique("dlq");
    String indexed = KafkaTestTopics.unique("indexed");
    String catalog = KafkaTestTopics.unique("service-operations");
    String links = KafkaTestTopics.unique("dependency-links");
    String metrics = KafkaTestTopics.unique("span-metrics");
    String appId = KafkaTestTopics.unique("failover");
    createTopics(bootstrap, PARTITIONS, input);
    createTopics(bootstrap, 3, indexed, links, metrics);
    createTopics(bootstrap, 1, dlq, catalog);

    long run = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    Instant base = Instant.now();
    List<Trace> traces = new ArrayList<>();
    for (int t = 1; t <= TRACES; t++) {
      traces.add(SyntheticTraces.trace(run, t, base.plusMillis(t)));
    }
    Set<String> expectedIds = new TreeSet<>();
    traces.forEach(t -> expectedIds.addAll(t.documentIds()));
    Map<String, Counts> expectedEdges = SyntheticTraces.totals(traces, true);
    Map<String, Counts> expectedSeries = SyntheticTraces.totals(traces, false);

    int victimAdmin = FreePorts.next();
    int survivorAdmin = FreePorts.next();
    Path victimLog = Path.of("target", appId + "-victim.log");
    Process victim =
        startChild(
            args(
                bootstrap,
                input,
                dlq,
                indexed,
                catalog,
                links,
                metrics,
                appId,
                "victim",
                victimAdmin),
            victimLog);
    Application survivor = null;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      survivor =
          startInProcess(
              args(
                  bootstrap,
                  input,
                  dlq,
                  indexed,
                  catalog,
                  links,
                  metrics,
                  appId,
                  "survivor",
                  survivorAdmin));
      // Both instances run and share the input partitions.
      await("both instances own input partitions (victim log " + victimLog + ")")
          .atMost(AWAIT)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                Map<String, Set<Integer>> owned = inputPartitionsByInstance(admin, appId, input);
                return owned.keySet().equals(Set.of("victim", "survivor"))
                    && owned.values().stream().noneMatch(Set::isEmpty)
                    && healthy(victimAdmin)
                    && healthy(survivorAdmin);
              });

      // Before the kill: most traces, each 5th sent twice, the straddling ones only in part.
      for (int t = 1; t <= BEFORE_KILL; t++) {
        List<Span> spans = traces.get(t - 1).spans();
        boolean straddles = t > BEFORE_KILL - STRADDLING;
        for (Span s : straddles ? spans.subList(0, spans.size() / 2) : spans) {
          producer.send(record(input, s, true));
          if (t % 5 == 0) {
            producer.send(record(input, s, true));
          }
        }
      }
      producer.flush();

      // Kill the victim while it works: once it has taken some records, long before it is done.
      await("the victim processes records")
          .atMost(AWAIT)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> recordsIn(victimAdmin) >= 200);
      victim.destroyForcibly(); // SIGKILL: no commit, no flush, no LeaveGroup
      assertThat(victim.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(victim.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

      // After the kill: the rest, the straddling traces' other halves, and retries of earlier
      // traces (each 7th keyed, each 11th unkeyed as Jaeger v2 writes them).
      for (int t = 1; t <= TRACES; t++) {
        List<Span> spans = traces.get(t - 1).spans();
        boolean straddles = t > BEFORE_KILL - STRADDLING && t <= BEFORE_KILL;
        if (t > BEFORE_KILL) {
          spans.forEach(s -> producer.send(record(input, s, true)));
        } else if (straddles) {
          spans
              .subList(spans.size() / 2, spans.size())
              .forEach(s -> producer.send(record(input, s, true)));
        }
        if (t <= BEFORE_KILL - STRADDLING && t % 7 == 0) {
          spans.forEach(s -> producer.send(record(input, s, true)));
        }
        if (t <= BEFORE_KILL - STRADDLING && t % 11 == 0) {
          spans.forEach(s -> producer.send(record(input, s, false)));
        }
      }
      producer.flush();

      await("the survivor owns every input partition")
          .atMost(AWAIT)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  inputPartitionsByInstance(admin, appId, input)
                      .equals(Map.of("survivor", allPartitions())));

      DerivedTopics out = new DerivedTopics(bootstrap, indexed, links, metrics, dlq);
      try {
        await("indexed spans, edges and RED counts are complete")
            .atMost(AWAIT)
            .pollInterval(Duration.ofMillis(10))
            .until(
                () -> {
                  out.poll();
                  return out.indexedCounts.keySet().equals(expectedIds)
                      && out.edgeTotals().equals(expectedEdges)
                      && out.seriesTotals().equals(expectedSeries);
                });
        out.drainToEnd(); // anything committed after the last expected record
      } finally {
        out.close();
      }

      assertThat(out.indexedCounts.keySet()).isEqualTo(expectedIds);
      Map<String, Integer> duplicated = new TreeMap<>(out.indexedCounts);
      duplicated.values().removeIf(n -> n == 1);
      assertThat(duplicated).as("span documents indexed more than once").isEmpty();
      assertThat(out.edgeTotals()).isEqualTo(expectedEdges);
      assertThat(out.seriesTotals()).isEqualTo(expectedSeries);
      assertThat(out.deadLetters).as("dead letters").isZero();
      assertThat(expectedEdges.keySet())
          .containsExactlyInAnyOrder("frontend->api", "api->auth", "api->postgres", "api->pricing");
      assertThat(expectedEdges.get("frontend->api").errors()).isPositive();
    } finally {
      if (victim.isAlive()) {
        victim.destroyForcibly();
      }
      if (survivor != null) {
        survivor.close();
      }
    }
  }

  /**
   * Creates topics and waits until every partition has a leader. Not KafkaTestTopics.create: on a
   * loaded machine its first describe can come before the broker knows the new topic, and it gives
   * up on that UnknownTopicOrPartitionException instead of asking again.
   */
  private static void createTopics(String bootstrap, int partitions, String... names)
      throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> topics = new ArrayList<>();
      for (String name : names) {
        topics.add(new NewTopic(name, partitions, (short) 1));
      }
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
      await("leaders of " + List.of(names))
          .atMost(AWAIT)
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(
              () ->
                  admin
                      .describeTopics(List.of(names))
                      .allTopicNames()
                      .get(10, TimeUnit.SECONDS)
                      .values()
                      .stream()
                      .flatMap(d -> d.partitions().stream())
                      .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
    }
  }

  private List<String> args(
      String bootstrap,
      String input,
      String dlq,
      String indexed,
      String catalog,
      String links,
      String metrics,
      String appId,
      String instance,
      int adminPort) {
    return List.of(
        "--kafka.consumer.brokers=" + bootstrap,
        "--kafka.consumer.topic=" + input,
        "--kafka.producer.dlq-topic=" + dlq,
        "--kafka.producer.indexed-topic=" + indexed,
        "--kafka.producer.service-operations-topic=" + catalog,
        "--kafka.producer.dependency-links-topic=" + links,
        "--kafka.producer.span-metrics-topic=" + metrics,
        "--processor.application-id=" + appId,
        "--processor.state-dir=" + tmp.resolve(instance),
        "--processor.trace-inactivity-gap=2s",
        "--processor.session-scan-interval=500ms",
        "--processor.replication-factor=1",
        "--admin.http.host-port=127.0.0.1:" + adminPort);
  }

  /**
   * Kafka Streams settings without a flag: a client id that names the instance in the group, and a
   * short consumer session (the broker's minimum, 6 s) so the dead member is noticed quickly.
   */
  private static Map<String, String> overrides(String instance) {
    return Map.of(
        "client.id", instance,
        "consumer.session.timeout.ms", "6000",
        "consumer.heartbeat.interval.ms", "1000");
  }

  private static Process startChild(List<String> args, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    overrides("victim")
        .forEach((k, v) -> command.add("-D" + ProcessorChildMain.OVERRIDE_PREFIX + k + "=" + v));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ProcessorChildMain.class.getName());
    command.addAll(args);
    Files.createDirectories(log.getParent());
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static Application startInProcess(List<String> args) throws Exception {
    ProcessorOptions options =
        ConfigBinder.bind(
                StreamProcessorMain.NAME,
                new ProcessorOptions(),
                args.toArray(String[]::new),
                Map.of())
            .options();
    PrometheusMeterRegistry registry = Metrics.newPrometheusRegistry();
    var config = options.toConfig().metrics(new ProcessorMetrics(registry));
    overrides("survivor").forEach(config::streamsOverride);
    Application app = StreamProcessorMain.application(options, config.build(), registry, false);
    app.start();
    return app;
  }

  /** Input partitions per instance (the client id's first part), as the group assigned them. */
  private static Map<String, Set<Integer>> inputPartitionsByInstance(
      Admin admin, String appId, String input) throws Exception {
    ConsumerGroupDescription group =
        admin
            .describeConsumerGroups(List.of(appId))
            .describedGroups()
            .get(appId)
            .get(10, TimeUnit.SECONDS);
    Map<String, Set<Integer>> owned = new HashMap<>();
    for (MemberDescription m : group.members()) {
      String instance = m.clientId().split("-StreamThread-")[0];
      Set<Integer> partitions = owned.computeIfAbsent(instance, k -> new HashSet<>());
      for (TopicPartition tp : m.assignment().topicPartitions()) {
        if (tp.topic().equals(input)) {
          partitions.add(tp.partition());
        }
      }
    }
    return owned;
  }

  private static Set<Integer> allPartitions() {
    Set<Integer> all = new HashSet<>();
    for (int p = 0; p < PARTITIONS; p++) {
      all.add(p);
    }
    return all;
  }

  private static boolean healthy(int adminPort) {
    try {
      return get("http://127.0.0.1:" + adminPort + "/").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static double recordsIn(int adminPort) {
    try {
      Matcher m = RECORDS_IN.matcher(get("http://127.0.0.1:" + adminPort + "/metrics").body());
      double total = 0;
      while (m.find()) {
        total += Double.parseDouble(m.group(1));
      }
      return total;
    } catch (IOException e) {
      return 0;
    }
  }

  private static HttpResponse<String> get(String url) throws IOException {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, Span s, boolean keyed) {
    byte[] key = keyed ? TraceIds.toHex(s.getTraceId()).getBytes(StandardCharsets.UTF_8) : null;
    return new ProducerRecord<>(topic, key, s.toByteArray());
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // One request in flight, so a batch cannot be lost to the new-partition sequence race on the
    // fresh topic (see
    // ProcessorConfig.streamsProperties).
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * The derived topics read read_committed from the beginning, reduced as the es-sink loads them: a
   * span document per key, and the latest record per dependency / metrics key (the sink's document
   * ids are (bucket, parent, child) and (bucket, service, operation, kind), the same as the record
   * keys, so a later record overwrites an earlier one).
   */
  private static final class DerivedTopics implements AutoCloseable {
    final Map<String, Integer> indexedCounts = new HashMap<>();
    final Map<String, JsonNode> latestLinks = new HashMap<>();
    final Map<String, JsonNode> latestMetrics = new HashMap<>();
    long deadLetters;
    private final String indexed;
    private final String links;
    private final String metrics;
    private final KafkaConsumer<byte[], byte[]> consumer;

    DerivedTopics(String bootstrap, String indexed, String links, String metrics, String dlq) {
      this.indexed = indexed;
      this.links = links;
      this.metrics = metrics;
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(indexed, links, metrics, dlq)) {
        consumer
            .partitionsFor(topic)
            .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    void poll() throws IOException {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        String key = new String(r.key(), StandardCharsets.UTF_8);
        if (r.topic().equals(indexed)) {
          indexedCounts.merge(key, 1, Integer::sum);
        } else if (r.topic().equals(links)) {
          latestLinks.put(key, JsonSerde.MAPPER.readTree(r.value()));
        } else if (r.topic().equals(metrics)) {
          latestMetrics.put(key, JsonSerde.MAPPER.readTree(r.value()));
        } else {
          deadLetters++;
        }
      }
    }

    /** Reads up to the last stable offset of every partition as it is now. */
    void drainToEnd() throws IOException {
      Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
      await("the derived topics are read to their end")
          .atMost(AWAIT)
          .until(
              () -> {
                poll();
                return end.entrySet().stream()
                    .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
              });
    }

    Map<String, Counts> edgeTotals() {
      Map<String, Counts> totals = new TreeMap<>();
      latestLinks
          .values()
          .forEach(
              v ->
                  totals.merge(
                      v.path("parent").asText() + "->" + v.path("child").asText(),
                      new Counts(v.path("callCount").asLong(), v.path("errorCount").asLong()),
                      ProcessorFailoverIT::sum));
      return totals;
    }

    Map<String, Counts> seriesTotals() {
      Map<String, Counts> totals = new TreeMap<>();
      latestMetrics
          .values()
          .forEach(
              v ->
                  totals.merge(
                      v.path("serviceName").asText()
                          + "|"
                          + v.path("operationName").asText()
                          + "|"
                          + v.path("spanKind").asText(),
                      new Counts(v.path("callCount").asLong(), v.path("errorCount").asLong()),
                      ProcessorFailoverIT::sum));
      return totals;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  private static Counts sum(Counts a, Counts b) {
    return new Counts(a.calls() + b.calls(), a.errors() + b.errors());
  }
}
