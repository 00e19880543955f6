package io.spanflow.sink.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.spanflow.embedded.elasticsearch.ElasticsearchNode;
import io.spanflow.embedded.kafka.EmbeddedKafkaBroker;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.SpanRef;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.es.DocumentIds;
import io.spanflow.schemas.es.IndexTemplates;
import io.spanflow.schemas.es.IndexedSpanRecords;
import io.spanflow.schemas.es.SpanDocumentMapper;
import io.spanflow.sink.es.EsClients;
import io.spanflow.sink.es.EsConnection;
import io.spanflow.sink.es.TemplateInstaller;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The sink against the raw {@code _bulk} rate of the same documents (issue 6's ratio).
 *
 * <ol>
 *   <li>One Elasticsearch node (own JVM) and one Kafka broker (in this JVM) on loopback; {@code
 *       docs} Jaeger span documents produced once to a topic, zstd, as the stream-processor does.
 *   <li>Each run indexes all of them into a fresh index with the same template (1 shard, 0
 *       replicas, same refresh settings), made beforehand: <b>raw</b> = {@link RawBulkLoader} in
 *       its own JVM sends the same bytes with the same client, bulk size and concurrency;
 *       <b>sink</b> = {@code EsSinkMain} in its own JVM from offset 0. Both JVMs get the same
 *       flags.
 *   <li>Rate = documents after the first bulk / time from the first bulk's completion to the last,
 *       for both, so JVM start, Kafka reads and group joins count for neither. CPU is each
 *       process's own over that window; RSS is the sink's peak.
 *   <li>A warm-up run first; then rounds alternating the order (raw, sink), (sink, raw), ...
 * </ol>
 *
 * <p>Args: docs rounds actions workers partitions jvmFlags sinkClasspath benchClasspath.
 */
public final class SinkBenchmark {

  private static final String DAY_INDEX = "jaeger-span-2026-11-21";
  private static final Instant DAY = Instant.parse("2026-11-21T12:00:00Z");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The measured child JVM running now; killed if this process ends first. */
  private static volatile Process child;

  private final int docs;
  private final int actions;
  private final int workers;
  private final List<String> jvmFlags;
  private final String sinkClasspath;
  private final String benchClasspath;
  private final Path logs;
  private ElasticsearchNode es;
  private ElasticsearchClient client;
  private String bootstrap;
  private String topic;

  private SinkBenchmark(String[] args) throws IOException {
    docs = Integer.parseInt(args[0]);
    actions = Integer.parseInt(args[2]);
    workers = Integer.parseInt(args[3]);
    jvmFlags = List.of(args[5].trim().split("\\s+"));
    sinkClasspath = args[6];
    benchClasspath = args[7];
    logs = Files.createTempDirectory("sink-bench");
  }

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[1]);
    int partitions = Integer.parseInt(args[4]);
    SinkBenchmark bench = new SinkBenchmark(args);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Process p = child;
                  if (p != null) {
                    p.destroyForcibly();
                  }
                }));
    System.out.println("load average at start: " + loadAverage());
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().name("bench-kafka").build();
        ElasticsearchNode node = ElasticsearchNode.builder().name("es-bench").heap("1g").build()) {
      kafka.start();
      node.start();
      bench.es = node;
      bench.bootstrap = kafka.bootstrapServers();
      bench.client = EsClients.create(EsConnection.of(node.httpUrl()));
      bench.produce(partitions);
      bench.run("warm", "raw", Math.min(bench.docs, 20_000));
      List<Result> results = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        List<String> order = r % 2 == 1 ? List.of("raw", "sink") : List.of("sink", "raw");
        for (String kind : order) {
          results.add(bench.run("r" + r, kind, bench.docs));
        }
      }
      bench.client._transport().close();
      bench.report(results);
    }
    System.out.println("load average at end: " + loadAverage());
    System.out.println("logs: " + bench.logs);
  }

  /** One measured run. */
  record Result(
      String round,
      String kind,
      double docsPerSecond,
      double p50Ms,
      double p99Ms,
      double cpuPercent,
      double esCpuPercent,
      double peakRssMb,
      long bulks,
      long stored) {}

  private void produce(int partitions) throws Exception {
    topic = "bench.spans.indexed";
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> topics = new ArrayList<>();
      topics.add(new NewTopic(topic, partitions, (short) 1));
      for (String other : List.of("services", "deps", "metrics", "dlq")) {
        topics.add(new NewTopic("bench." + other, 1, (short) 1));
      }
      admin.createTopics(topics).all().get();
    }
    long bytes = 0;
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "zstd",
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < docs; i++) {
        Span span = span(i);
        byte[] doc = SpanDocumentMapper.toDocumentBytes(span);
        bytes += doc.length;
        ProducerRecord<byte[], byte[]> r =
            new ProducerRecord<>(
                topic, DocumentIds.spanDocumentId(span).getBytes(StandardCharsets.UTF_8), doc);
        r.headers()
            .add(IndexedSpanRecords.INDEX_HEADER, DAY_INDEX.getBytes(StandardCharsets.UTF_8));
        producer.send(r);
      }
    }
    System.out.printf(
        "produced %,d span documents (avg %d bytes) to %s (%d partitions) in %.1f s%n",
        docs, bytes / docs, topic, partitions, (System.nanoTime() - start) / 1e9);
  }

  private Result run(String round, String kind, int n) throws Exception {
    String prefix = "bench-" + round + "-" + kind;
    String index = prefix + "-" + DAY_INDEX;
    // Same template (1 shard, 0 replicas) and a ready, empty index for either side.
    new TemplateInstaller(client, new IndexTemplates.Options(prefix, 1, 0, 0, false)).install();
    client.indices().create(c -> c.index(index));
    client
        .cluster()
        .health(h -> h.index(index).waitForStatus(HealthStatus.Green).timeout(t -> t.time("60s")));
    Result result = kind.equals("raw") ? raw(round, index, n) : sink(round, prefix, n);
    client.indices().refresh(r -> r.index(index));
    long stored = client.count(c -> c.index(index)).count();
    result =
        new Result(
            result.round(),
            result.kind(),
            result.docsPerSecond(),
            result.p50Ms(),
            result.p99Ms(),
            result.cpuPercent(),
            result.esCpuPercent(),
            result.peakRssMb(),
            result.bulks(),
            stored);
    System.out.printf(
        Locale.ROOT,
        "%-5s %-4s %,9.0f docs/s  bulk p50 %6.1f ms p99 %6.1f ms  cpu %5.1f%%  es cpu %5.1f%%"
            + "  peak rss %5.0f MB  bulks %d  stored %,d%n",
        round,
        kind,
        result.docsPerSecond(),
        result.p50Ms(),
        result.p99Ms(),
        result.cpuPercent(),
        result.esCpuPercent(),
        result.peakRssMb(),
        result.bulks(),
        stored);
    if (stored != n) {
      throw new IllegalStateException(index + " holds " + stored + " documents, expected " + n);
    }
    return result;
  }

  private Result raw(String round, String index, int n) throws Exception {
    List<String> cmd = java(benchClasspath);
    cmd.add(RawBulkLoader.class.getName());
    cmd.addAll(
        List.of(
            bootstrap,
            topic,
            es.httpUrl(),
            index,
            String.valueOf(actions),
            String.valueOf(workers),
            String.valueOf(n)));
    Path log = logs.resolve(round + "-raw.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    child = p;
    long esCpu0 = 0;
    long esT0 = 0;
    double peakRss = 0;
    while (p.isAlive()) {
      peakRss = Math.max(peakRss, rssMb(p.pid()));
      if (esT0 == 0 && Files.readString(log).contains("SENDING")) {
        esT0 = System.nanoTime();
        esCpu0 = cpuTicks(esPid());
      }
      Thread.sleep(esT0 == 0 ? 20 : 100);
    }
    double esCpu = esT0 == 0 ? Double.NaN : (cpuTicks(esPid()) - esCpu0) / 100.0;
    double esSeconds = (System.nanoTime() - esT0) / 1e9;
    if (p.exitValue() != 0) {
      throw new IllegalStateException("raw loader failed, see " + log);
    }
    Matcher m =
        Pattern.compile(
                "RESULT docs=\\d+ timed_docs=(\\d+) seconds=([\\d.]+) total_seconds=([\\d.]+)"
                    + " cpu_seconds=([\\d.]+) p50_ms=([\\d.]+) p99_ms=([\\d.]+) bulks=(\\d+)")
            .matcher(Files.readString(log));
    if (!m.find()) {
      throw new IllegalStateException("no RESULT line in " + log);
    }
    double seconds = Double.parseDouble(m.group(2));
    return new Result(
        round,
        "raw",
        Long.parseLong(m.group(1)) / seconds,
        Double.parseDouble(m.group(5)),
        Double.parseDouble(m.group(6)),
        100 * Double.parseDouble(m.group(4)) / seconds,
        100 * esCpu / esSeconds,
        peakRss,
        Long.parseLong(m.group(7)),
        0);
  }

  private Result sink(String round, String prefix, int n) throws Exception {
    int adminPort = freePort();
    List<String> cmd = java(sinkClasspath);
    cmd.add("io.spanflow.sink.EsSinkMain");
    cmd.addAll(
        List.of(
            "--es.server-urls=" + es.httpUrl(),
            "--es.index-prefix=" + prefix,
            "--es.num-shards=1",
            "--es.num-replicas=0",
            "--es.bulk.actions=" + actions,
            "--es.bulk.workers=" + workers,
            "--kafka.consumer.brokers=" + bootstrap,
            "--kafka.consumer.group-id=" + prefix,
            "--kafka.consumer.topic=" + topic,
            "--kafka.consumer.service-operations-topic=bench.services",
            "--kafka.consumer.dependency-links-topic=bench.deps",
            "--kafka.consumer.span-metrics-topic=bench.metrics",
            "--kafka.producer.dlq-topic=bench.dlq",
            "--admin.http.host-port=127.0.0.1:" + adminPort));
    Path log = logs.resolve(round + "-sink.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    child = p;
    try {
      double indexed = 0;
      double first = 0;
      long t0 = 0;
      long cpu0 = 0;
      long esCpu0 = 0;
      double peakRss = 0;
      double lastIndexed = 0;
      long lastAt = 0;
      long t1 = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      // Polled every 50 ms until the first bulk lands, then every 250 ms (a scrape costs the sink
      // CPU: ~20% of its samples at 20 ms); the end is interpolated between the last two samples.
      while (indexed < n) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("sink stopped or too slow, see " + log);
        }
        Thread.sleep(t0 == 0 ? 50 : 250);
        peakRss = Math.max(peakRss, rssMb(p.pid()));
        indexed = indexedDocs(adminPort);
        long now = System.nanoTime();
        if (t0 == 0 && indexed > 0) {
          t0 = now;
          first = indexed;
          cpu0 = cpuTicks(p.pid());
          esCpu0 = cpuTicks(esPid());
        } else if (indexed >= n && indexed > lastIndexed) {
          t1 = lastAt + (long) ((now - lastAt) * (n - lastIndexed) / (indexed - lastIndexed));
        }
        lastIndexed = indexed;
        lastAt = now;
      }
      long end = System.nanoTime();
      double seconds = (Math.max(t1, t0 + 1) - t0) / 1e9;
      double cpuSeconds = (end - t0) / 1e9;
      double cpu = (cpuTicks(p.pid()) - cpu0) / 100.0; // USER_HZ
      double esCpu = (cpuTicks(esPid()) - esCpu0) / 100.0;
      Map<Double, Double> buckets = latencyBuckets(adminPort);
      return new Result(
          round,
          "sink",
          (n - first) / seconds,
          1000 * quantile(buckets, 0.50),
          1000 * quantile(buckets, 0.99),
          100 * cpu / cpuSeconds,
          100 * esCpu / cpuSeconds,
          peakRss,
          Math.round(buckets.getOrDefault(Double.POSITIVE_INFINITY, 0.0)),
          0);
    } finally {
      p.destroy(); // SIGTERM: the sink drains and exits
      p.waitFor();
    }
  }

  private void report(List<Result> results) {
    System.out.println();
    System.out.printf(
        "| round | run | docs/s | bulk p50 | bulk p99 | bulks | CPU (own) | ES CPU | peak RSS |%n"
            + "|---|---|---|---|---|---|---|---|---|%n");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %,.0f | %.1f ms | %.1f ms | %d | %.0f%% | %.0f%% | %.0f MB |%n",
          r.round(),
          r.kind(),
          r.docsPerSecond(),
          r.p50Ms(),
          r.p99Ms(),
          r.bulks(),
          r.cpuPercent(),
          r.esCpuPercent(),
          r.peakRssMb());
    }
    double raw = 0;
    double sink = 0;
    for (Result r : results) {
      if (r.kind().equals("raw")) {
        raw += r.docsPerSecond();
      } else {
        sink += r.docsPerSecond();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%nSUMMARY docs=%d actions=%d workers=%d raw=%.0f docs/s sink=%.0f docs/s"
            + " ratio sink/raw=%.2f (means over %d rounds)%n",
        docs,
        actions,
        workers,
        raw / (results.size() / 2),
        sink / (results.size() / 2),
        sink / raw,
        results.size() / 2);
  }

  private List<String> java(String classpath) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(classpath);
    return cmd;
  }

  private long esPid() {
    return es.processHandle().orElseThrow().pid();
  }

  /** A Jaeger span of a few services, with tags, a log and a parent reference (~1 KB as JSON). */
  static Span span(int i) {
    long traceLow = i / 8;
    return Span.newBuilder()
        .setTraceId(
            ByteString.copyFrom(ByteBuffer.allocate(16).putLong(42).putLong(traceLow).array()))
        .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(1_000_000L + i).array()))
        .setOperationName("GET /api/items/" + (i % 50))
        .addReferences(
            SpanRef.newBuilder()
                .setTraceId(
                    ByteString.copyFrom(
                        ByteBuffer.allocate(16).putLong(42).putLong(traceLow).array()))
                .setSpanId(
                    ByteString.copyFrom(ByteBuffer.allocate(8).putLong(999_999L + i).array())))
        .setStartTime(
            Timestamp.newBuilder()
                .setSeconds(DAY.getEpochSecond() + i / 100)
                .setNanos((i % 1000) * 1000))
        .setDuration(com.google.protobuf.Duration.newBuilder().setNanos(250_000 + (i % 997) * 1000))
        .addTags(kv("span.kind", i % 2 == 0 ? "server" : "client"))
        .addTags(kv("http.method", "GET"))
        .addTags(kv("http.url", "http://svc-" + (i % 7) + ":8080/api/items/" + (i % 50)))
        .addTags(
            KeyValue.newBuilder()
                .setKey("http.status_code")
                .setVType(ValueType.INT64)
                .setVInt64(200))
        .addTags(
            KeyValue.newBuilder().setKey("error").setVType(ValueType.BOOL).setVBool(i % 50 == 0))
        .addTags(kv("component", "netty"))
        .addLogs(
            Log.newBuilder()
                .setTimestamp(Timestamp.newBuilder().setSeconds(DAY.getEpochSecond() + i / 100))
                .addFields(kv("event", "cache miss"))
                .addFields(kv("key", "item-" + i)))
        .setProcess(
            io.spanflow.proto.jaeger.Process.newBuilder()
                .setServiceName("svc-" + (i % 7))
                .addTags(kv("hostname", "host-" + (i % 13)))
                .addTags(kv("jaeger.version", "Java-1.8.1")))
        .build();
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setVType(ValueType.STRING).setVStr(value).build();
  }

  private static double indexedDocs(int adminPort) {
    try {
      String body = metrics(adminPort);
      Matcher m =
          Pattern.compile(
                  "(?m)^spanflow_sink_docs_indexed_total\\{index_family=\"jaeger-span\"[^}]*\\} ([0-9.eE+]+)")
              .matcher(body);
      return m.find() ? Double.parseDouble(m.group(1)) : 0;
    } catch (IOException | InterruptedException e) {
      return 0; // admin server not up yet
    }
  }

  /** Upper bound (s) → cumulative count of the sink's bulk latency histogram. */
  private static Map<Double, Double> latencyBuckets(int adminPort) throws Exception {
    Map<Double, Double> out = new TreeMap<>();
    Matcher m =
        Pattern.compile(
                "(?m)^spanflow_sink_bulk_latency_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*\\} ([0-9.eE+]+)")
            .matcher(metrics(adminPort));
    while (m.find()) {
      double le =
          m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
      out.merge(le, Double.parseDouble(m.group(2)), Double::sum);
    }
    return out;
  }

  /** Linear interpolation inside the bucket holding quantile {@code q}. */
  static double quantile(Map<Double, Double> cumulative, double q) {
    double total = 0;
    for (double c : cumulative.values()) {
      total = Math.max(total, c);
    }
    double rank = q * total;
    double prevLe = 0;
    double prevCount = 0;
    for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
      if (e.getValue() >= rank) {
        if (e.getKey().isInfinite()) {
          return prevLe;
        }
        double inBucket = e.getValue() - prevCount;
        return inBucket == 0
            ? e.getKey()
            : prevLe + (e.getKey() - prevLe) * (rank - prevCount) / inBucket;
      }
      prevLe = e.getKey();
      prevCount = e.getValue();
    }
    return prevLe;
  }

  private static String metrics(int adminPort) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static double rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      // process gone
    }
    return 0;
  }

  /** utime + stime of a process, in clock ticks (USER_HZ, 100 per second). */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
