// Stream-processor benchmark (not a test). Run with bench/run-bench.sh, which builds the
// classpaths and passes the processor's JVM flags.
//
// 1. Starts a real Kafka broker (KRaft, in this JVM) and pre-loads M spans of realistic traces
//    (SyntheticTraces: frontend → api → auth / postgres / pricing, 7–9 spans each) into
//    jaeger-spans, before any processor runs.
// 2. Starts the real processor (StreamProcessorMain, exactly_once_v2, all stages) as its own JVM and
//    measures spans/s until its committed input offsets reach the end of jaeger-spans (every span
//    decoded, deduped, enriched, indexed and handed on to the metrics and dependency stages, all
//    committed), plus its CPU time and peak RSS; then checks spanflow.spans.indexed (read_committed)
//    holds exactly M documents.
// 3. Latency: at a steady modest rate, sends shop traces plus probe traces (each with its own pair
//    of services) and times, per probe, from the broker's ack of its last span to its edge appearing
//    on spanflow.dependency-links. The trace inactivity gap dominates this figure.

import io.spanflow.embedded.kafka.EmbeddedKafkaBroker;
import io.spanflow.processor.testing.SyntheticTraces;
import io.spanflow.processor.testing.TestSpans;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.ids.TraceIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public final class ProcessorBenchmark {

  static final String INPUT = "jaeger-spans";
  static final String INDEXED = "spanflow.spans.indexed";
  static final String LINKS = "spanflow.dependency-links";
  static final String APP_ID = "spanflow-bench";
  static final AtomicLong FAILED = new AtomicLong();
  static final org.apache.kafka.clients.producer.Callback COUNT_FAILURES =
      (md, e) -> {
        if (e != null) {
          FAILED.incrementAndGet();
        }
      };

  public static void main(String[] args) throws Exception {
    // args: <processor jvm flags> <spans> <latency seconds> <latency spans/s> <partitions> [processor flags]
    String jvmFlags = args[0];
    long spans = Long.parseLong(args[1]);
    int latencySeconds = Integer.parseInt(args[2]);
    int latencyRate = Integer.parseInt(args[3]);
    int partitions = Integer.parseInt(args[4]);
    String extraArgs = args.length > 5 ? args[5].trim() : "";
    Path work = Files.createTempDirectory("spanflow-processor-bench-");

    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().name("bench-kafka").dataDir(work.resolve("kafka")).build();
    broker.start();
    String bootstrap = broker.bootstrapServers();
    Process processor = null;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      List<NewTopic> topics = new ArrayList<>();
      for (String t :
          List.of(
              INPUT,
              INDEXED,
              LINKS,
              "spanflow.span-metrics",
              "spanflow.service-operations",
              "spanflow.spans.dlq")) {
        topics.add(new NewTopic(t, partitions, (short) 1));
      }
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
      awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());

      // 1. Pre-load.
      long run = System.nanoTime() & Long.MAX_VALUE;
      Instant base = Instant.now();
      long loaded = 0;
      long traces = 0;
      long loadStart = System.nanoTime();
      while (loaded < spans) {
        traces++;
        for (Span s : SyntheticTraces.trace(run, traces, base.plusMillis(traces % 50_000)).spans()) {
          if (loaded == spans) {
            break;
          }
          producer.send(new ProducerRecord<>(INPUT, key(s), s.toByteArray()), COUNT_FAILURES);
          loaded++;
        }
      }
      producer.flush();
      if (FAILED.get() > 0) {
        throw new IllegalStateException(FAILED.get() + " spans could not be pre-loaded");
      }
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      System.out.printf(
          "pre-loaded %,d spans (%,d traces) into %s (%d partitions) in %.1f s%n",
          loaded, traces, INPUT, partitions, loadSeconds);

      // 2. Throughput.
      int adminPort = freePort();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(Arrays.asList(jvmFlags.trim().split("\\s+")));
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("processor.classpath"),
              "io.spanflow.processor.StreamProcessorMain",
              "--kafka.consumer.brokers=" + bootstrap,
              "--processor.application-id=" + APP_ID,
              "--processor.state-dir=" + work.resolve("state"),
              "--processor.replication-factor=1",
              "--admin.http.host-port=127.0.0.1:" + adminPort));
      if (!extraArgs.isEmpty()) {
        command.addAll(Arrays.asList(extraArgs.split("\\s+")));
      }
      Path log = Path.of("stream-processor", "target", "bench-processor-" + ProcessHandle.current().pid() + ".log");
      long start = System.nanoTime();
      processor =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long pid = processor.pid();
      List<TopicPartition> inputPartitions = partitions(INPUT, partitions);
      long firstProgress = 0;
      long polls = 0;
      long done;
      while (true) {
        if (!processor.isAlive()) {
          throw new IllegalStateException("the processor exited; see " + log);
        }
        long committed = committed(admin, inputPartitions);
        if (committed > 0 && firstProgress == 0) {
          firstProgress = System.nanoTime();
        }
        if (++polls % 25 == 0) {
          System.out.printf(
              "  %.0f s: %,d of %,d spans committed%n", (System.nanoTime() - start) / 1e9, committed, loaded);
        }
        if (committed >= loaded) {
          done = System.nanoTime();
          break;
        }
        if (Duration.ofNanos(System.nanoTime() - start).toMinutes() >= 10) {
          throw new IllegalStateException("not done after 10 min: " + committed + " of " + loaded);
        }
        Thread.sleep(200); // polling the group's committed offsets
      }
      double cpuSeconds = cpuSeconds(pid);
      long peakRssMb = procStatusKb(pid, "VmHWM:") / 1024;
      double wall = (done - start) / 1e9;
      double steady = (done - firstProgress) / 1e9;
      long indexed = countIndexed(bootstrap, partitions);
      String load1 = loadAverage();
      System.out.printf(
          "throughput: %,d spans, all committed %.1f s after the processor JVM started (first"
              + " commit after %.1f s): %,.0f spans/s from first commit, %,.0f spans/s overall;"
              + " processor CPU %.1f s (%.2f cores), peak RSS %,d MB; indexed (read_committed) %,d%n",
          loaded,
          wall,
          (firstProgress - start) / 1e9,
          loaded / steady,
          loaded / wall,
          cpuSeconds,
          cpuSeconds / wall,
          peakRssMb,
          indexed);

      // 3. Latency.
      String gap = flagValue(extraArgs, "--processor.trace-inactivity-gap", "30s");
      String scan = flagValue(extraArgs, "--processor.session-scan-interval", "5s");
      Map<String, Long> ackedNanos = new ConcurrentHashMap<>();
      Map<String, Long> edgeNanos = new ConcurrentHashMap<>();
      AtomicLong sent = new AtomicLong();
      ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
      int probesPerSecond = 5;
      int tick = 100; // ms
      double spansPerTick = latencyRate * tick / 1000.0;
      long probes = (long) latencySeconds * probesPerSecond;
      long[] next = {traces + 1, 0};
      double[] owed = {0};
      long latencyStart = System.nanoTime();
      pacer.scheduleAtFixedRate(
          () -> {
            double elapsed = (System.nanoTime() - latencyStart) / 1e9;
            if (elapsed < latencySeconds) {
              owed[0] += spansPerTick;
            }
            while (owed[0] >= 8) {
              for (Span s : SyntheticTraces.trace(run, next[0]++, Instant.now()).spans()) {
                producer.send(new ProducerRecord<>(INPUT, key(s), s.toByteArray()), COUNT_FAILURES);
                sent.incrementAndGet();
                owed[0]--;
              }
            }
            while (next[1] < Math.min(probes, (long) (elapsed * probesPerSecond) + 1)) {
              String name = "probe-" + next[1]++;
              List<Span> probe = probeTrace(run, next[1], name);
              for (int i = 0; i < probe.size(); i++) {
                Span s = probe.get(i);
                boolean last = i == probe.size() - 1;
                producer.send(
                    new ProducerRecord<>(INPUT, key(s), s.toByteArray()),
                    (md, e) -> {
                      if (last && e == null) {
                        ackedNanos.put(name, System.nanoTime());
                      }
                    });
                sent.incrementAndGet();
              }
            }
          },
          0,
          tick,
          TimeUnit.MILLISECONDS);
      try (KafkaConsumer<byte[], byte[]> links = consumer(bootstrap)) {
        List<TopicPartition> lp = partitions(LINKS, partitions);
        links.assign(lp);
        links.seekToEnd(lp);
        lp.forEach(links::position);
        long deadline =
            System.nanoTime() + TimeUnit.SECONDS.toNanos(latencySeconds + parseSeconds(gap) + 60);
        while (edgeNanos.size() < probes && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], byte[]> r : links.poll(Duration.ofMillis(50))) {
            String v = new String(r.value(), StandardCharsets.UTF_8);
            int i = v.indexOf("\"parent\":\"probe-");
            if (i >= 0) {
              String name = v.substring(i + 10, v.indexOf("-a\"", i));
              edgeNanos.putIfAbsent(name, System.nanoTime());
            }
          }
        }
      }
      pacer.shutdownNow();
      List<Double> latencies = new ArrayList<>();
      edgeNanos.forEach(
          (name, at) -> {
            Long acked = ackedNanos.get(name);
            if (acked != null) {
              latencies.add((at - acked) / 1e9);
            }
          });
      latencies.sort(Double::compare);
      double cpuTotal = cpuSeconds(pid);
      System.out.printf(
          "latency: %d of %d probe traces' edges seen (%,d spans sent at ~%d spans/s over %d s);"
              + " last span acked -> edge on %s: p50 %.1f s, p99 %.1f s, max %.1f s"
              + " (trace inactivity gap %s, session scan every %s)%n",
          latencies.size(),
          probes,
          sent.get(),
          latencyRate,
          latencySeconds,
          LINKS,
          percentile(latencies, 0.50),
          percentile(latencies, 0.99),
          latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1),
          gap,
          scan);

      System.out.println();
      System.out.println("README summary (" + load1 + "):");
      System.out.println();
      System.out.println("| measure | value |");
      System.out.println("|---|---|");
      System.out.printf(
          "| throughput, %,d pre-loaded spans, %d partitions, 1 stream thread, exactly_once_v2 |"
              + " %,.0f spans/s (from first commit; %,.0f spans/s including the %.1f s start-up) |%n",
          loaded,
          partitions,
          loaded / steady,
          loaded / wall,
          (firstProgress - start) / 1e9);
      System.out.printf(
          "| processor CPU during the run | %.1f s = %.2f cores |%n", cpuSeconds, cpuSeconds / wall);
      System.out.printf("| processor peak RSS (JVM flags `%s`) | %,d MB |%n", jvmFlags, peakRssMb);
      System.out.printf("| spans indexed (read_committed) | %,d of %,d |%n", indexed, loaded);
      System.out.printf(
          "| last span → edge on `%s`, p50 / p99 (gap %s, scan %s, ~%d spans/s) | %.1f s / %.1f s |%n",
          LINKS,
          gap,
          scan,
          latencyRate,
          percentile(latencies, 0.50),
          percentile(latencies, 0.99));
      System.out.printf("(processor CPU over both phases: %.1f s)%n", cpuTotal);
    } finally {
      if (processor != null) {
        processor.destroy();
        processor.waitFor(30, TimeUnit.SECONDS);
        processor.destroyForcibly();
      }
      broker.close();
      deleteRecursively(work);
    }
  }

  /** Two spans in services of their own, so that their edge names this probe alone. */
  static List<Span> probeTrace(long run, long n, String name) {
    Instant now = Instant.now();
    var traceId = TraceIds.traceId(run ^ 0x5a5a5a5aL, n);
    TestSpans client = TestSpans.span(n, 1);
    client.builder().setTraceId(traceId);
    client.service(name + "-a").operation("GET /probe").kind("client").start(now);
    TestSpans server = TestSpans.span(n, 2);
    server.builder().setTraceId(traceId);
    server.service(name + "-b").operation("GET /probe").kind("server").start(now).parent(1);
    return List.of(client.build(), server.build());
  }

  static long countIndexed(String bootstrap, int partitions) {
    try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
      List<TopicPartition> tps = partitions(INDEXED, partitions);
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps);
      Set<String> keys = new HashSet<>();
      long records = 0;
      while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          keys.add(new String(r.key(), StandardCharsets.UTF_8));
          records++;
        }
      }
      if (records != keys.size()) {
        System.out.printf("WARNING: %,d indexed records but %,d distinct keys%n", records, keys.size());
      }
      return records;
    }
  }

  static long committed(Admin admin, List<TopicPartition> tps) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(APP_ID).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    long sum = 0;
    for (TopicPartition tp : tps) {
      OffsetAndMetadata o = offsets.get(tp);
      sum += o == null ? 0 : o.offset();
    }
    return sum;
  }

  static List<TopicPartition> partitions(String topic, int n) {
    List<TopicPartition> tps = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      tps.add(new TopicPartition(topic, p));
    }
    return tps;
  }

  static void awaitLeaders(Admin admin, List<String> names) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        boolean led = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values()
            .stream().flatMap(d -> d.partitions().stream())
            .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (led) {
          return;
        }
      } catch (java.util.concurrent.ExecutionException e) {
        // not known to the broker yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no leaders for " + names);
  }

  static double percentile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  static String flagValue(String args, String flag, String fallback) {
    for (String a : args.split("\\s+")) {
      if (a.startsWith(flag + "=")) {
        return a.substring(flag.length() + 1);
      }
    }
    return fallback;
  }

  static long parseSeconds(String d) {
    if (d.endsWith("ms")) {
      return Math.max(1, Long.parseLong(d.substring(0, d.length() - 2)) / 1000);
    }
    long n = Long.parseLong(d.substring(0, d.length() - 1));
    return d.endsWith("m") ? n * 60 : d.endsWith("h") ? n * 3600 : n;
  }

  static double cpuSeconds(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(h -> h.info().totalCpuDuration())
        .map(d -> d.toMillis() / 1000.0)
        .orElse(Double.NaN);
  }

  static long procStatusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      // gone
    }
    return -1;
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
      return "load average " + f[0] + ", " + f[1] + ", " + f[2];
    } catch (Exception e) {
      return "load average unknown";
    }
  }

  static byte[] key(Span s) {
    return TraceIds.toHex(s.getTraceId()).getBytes(StandardCharsets.UTF_8);
  }

  static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    // One request in flight: with more, a fresh topic can lose a batch to the new-partition sequence race (the first
    // request hits NOT_LEADER, the second is accepted, the first then fails with
    // OUT_OF_ORDER_SEQUENCE until the delivery timeout), even after describeTopics shows leaders.
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void deleteRecursively(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception e) {
      // best effort
    }
  }
}
