package io.spanflow.collector.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Spans/s per protocol into a real broker, with the collector's CPU and memory, and Zipkin's server
 * fed the same Zipkin JSON v2 requests, side by side. Three JVMs besides this one (the load
 * client): the broker ({@link BenchKafkaBroker}), the collector ({@code CollectorGatewayMain} on
 * its runtime classpath) and then Zipkin's server. Run through {@code
 * collector-gateway/bench/run-bench.sh}, which builds the classpaths and fetches Zipkin.
 *
 * <p>Flags: {@code --seconds=20 --warmup=8 --concurrency=16 --batch=100 --partitions=3
 * --protocols=jaeger-thrift-http,zipkin-json,jaeger-grpc,otlp-grpc,otlp-http --zipkin=true
 * --jvm-flags="-Xms512m -Xmx1g" --collector-cp=... --broker-cp=... --zipkin-jar=... --work-dir=...}
 */
public final class IngestLoadBenchmark {
  static final String TOPIC = "jaeger-spans";
  static final String DLQ = "spanflow.spans.dlq";
  static final List<String> ALL_PROTOCOLS =
      List.of("jaeger-thrift-http", "zipkin-json", "jaeger-grpc", "otlp-grpc", "otlp-http");
  static final Map<String, String> LABELS =
      Map.of(
          "jaeger-thrift-http", "Jaeger thrift, HTTP 14268",
          "zipkin-json", "Zipkin JSON v2, HTTP 9411",
          "jaeger-grpc", "Jaeger gRPC PostSpans 14250",
          "otlp-grpc", "OTLP gRPC 4317",
          "otlp-http", "OTLP HTTP protobuf 4318");

  private static final List<java.lang.Process> CHILDREN = new CopyOnWriteArrayList<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private IngestLoadBenchmark() {}

  /** One row of the summary. */
  record Row(
      String server,
      String protocol,
      LoadRun.Result result,
      double serverCores,
      double brokerCores,
      long rssMiB,
      long heapMiB,
      long ackedIncludingWarmup) {
    double perCore() {
      return result.spansPerSecond() / serverCores;
    }
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = parse(argv);
    int seconds = Integer.parseInt(args.getOrDefault("seconds", "20"));
    int warmup = Integer.parseInt(args.getOrDefault("warmup", "8"));
    int concurrency = Integer.parseInt(args.getOrDefault("concurrency", "16"));
    int batch = Integer.parseInt(args.getOrDefault("batch", "100"));
    int partitions = Integer.parseInt(args.getOrDefault("partitions", "3"));
    List<String> protocols =
        Arrays.asList(args.getOrDefault("protocols", String.join(",", ALL_PROTOCOLS)).split(","));
    for (String p : protocols) {
      if (!ALL_PROTOCOLS.contains(p)) {
        throw new IllegalArgumentException("unknown protocol " + p + "; known: " + ALL_PROTOCOLS);
      }
    }
    boolean zipkin = Boolean.parseBoolean(args.getOrDefault("zipkin", "true"));
    List<String> jvmFlags =
        Arrays.stream(args.getOrDefault("jvm-flags", "-Xms512m -Xmx1g").trim().split("\\s+"))
            .filter(s -> !s.isEmpty())
            .toList();
    Path work = Path.of(args.getOrDefault("work-dir", "target/bench"));
    Files.createDirectories(work);
    long ticks = ProcessStats.clockTicks();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> CHILDREN.forEach(java.lang.Process::destroyForcibly)));

    System.out.printf(
        "# Spanflow collector ingest benchmark, %s%n# machine: %d cores; load average at start:"
            + " %s%n# %d s per protocol after %d s warm-up, %d requests in flight, %d spans per"
            + " request; server JVM flags %s; topic %s with %d partitions (zstd, acks=all,"
            + " idempotent)%n",
        Instant.now(),
        Runtime.getRuntime().availableProcessors(),
        loadAverage(),
        seconds,
        warmup,
        concurrency,
        batch,
        String.join(" ", jvmFlags),
        TOPIC,
        partitions);

    // The broker, in its own JVM.
    Path bootstrapFile = work.resolve("bootstrap.txt");
    Files.deleteIfExists(bootstrapFile);
    java.lang.Process broker =
        start(
            work.resolve("broker.log"),
            Map.of(),
            java(
                List.of("-Xms512m", "-Xmx1g"),
                "-cp",
                args.get("broker-cp"),
                BenchKafkaBroker.class.getName(),
                bootstrapFile.toString(),
                Integer.toString(partitions),
                TOPIC,
                DLQ),
            false);
    await(Duration.ofSeconds(120), () -> Files.exists(bootstrapFile), "the broker", broker);
    String bootstrap = Files.readString(bootstrapFile).trim();
    ProcessStats brokerStats = new ProcessStats(broker.pid(), ticks, null);
    System.out.printf("# broker %s (pid %d)%n", bootstrap, broker.pid());

    BenchPayloads payloads = new BenchPayloads(batch, ThreadLocalRandom.current().nextLong());
    List<Row> rows = new ArrayList<>();
    long ackedBySpanflow = 0;

    // The collector, in its own JVM.
    int[] ports = freePorts(6);
    List<String> collectorCommand = new ArrayList<>(jvmFlags);
    collectorCommand.addAll(
        List.of(
            "-cp",
            args.get("collector-cp"),
            "io.spanflow.collector.CollectorGatewayMain",
            "--kafka.producer.brokers=" + bootstrap,
            "--kafka.producer.topic=" + TOPIC,
            "--kafka.producer.dead-letter-topic=" + DLQ,
            "--collector.grpc-server.host-port=127.0.0.1:" + ports[0],
            "--collector.http-server.host-port=127.0.0.1:" + ports[1],
            "--collector.zipkin.host-port=127.0.0.1:" + ports[2],
            "--collector.otlp.grpc.host-port=127.0.0.1:" + ports[3],
            "--collector.otlp.http.host-port=127.0.0.1:" + ports[4],
            "--admin.http.host-port=127.0.0.1:" + ports[5]));
    java.lang.Process collector =
        start(work.resolve("collector.log"), Map.of(), java(collectorCommand), true);
    String adminUrl = "http://127.0.0.1:" + ports[5];
    await(Duration.ofSeconds(60), () -> status(adminUrl + "/") == 200, "the collector", collector);
    ProcessStats collectorStats = new ProcessStats(collector.pid(), ticks, adminUrl + "/metrics");
    System.out.printf(
        "# collector pid %d, RSS after start %d MiB%n", collector.pid(), collectorStats.rssMiB());
    printHeader();
    for (String protocol : protocols) {
      try (LoadTarget target = spanflowTarget(protocol, ports, payloads)) {
        Row row =
            measure(
                "Spanflow",
                protocol,
                new LoadRun(target, concurrency, batch),
                warmup,
                seconds,
                collectorStats,
                brokerStats);
        rows.add(row);
        ackedBySpanflow += row.ackedIncludingWarmup();
        printRow(row);
      }
    }
    long spansOnTopic = endOffsets(bootstrap, TOPIC);
    long peakCollectorRss = collectorStats.peakRssMiB();
    stop(collector);

    Row zipkinRow = null;
    String zipkinCounters = null;
    if (zipkin) {
      int port = freePorts(1)[0];
      List<String> zipkinCommand = new ArrayList<>(jvmFlags);
      zipkinCommand.addAll(
          List.of(
              "-jar",
              args.get("zipkin-jar"),
              "--armeria.ports[0].ip=127.0.0.1",
              "--armeria.ports[0].port=" + port,
              "--armeria.ports[0].protocols[0]=http"));
      java.lang.Process server =
          start(
              work.resolve("zipkin.log"), Map.of("STORAGE_TYPE", "mem"), java(zipkinCommand), true);
      String base = "http://127.0.0.1:" + port;
      await(Duration.ofSeconds(120), () -> status(base + "/health") == 200, "zipkin", server);
      ProcessStats zipkinStats = new ProcessStats(server.pid(), ticks, base + "/prometheus");
      try (LoadTarget target =
          LoadTarget.http(base + "/api/v2/spans", "application/json", payloads::zipkinJson)) {
        zipkinRow =
            measure(
                "Zipkin 3.6.1 (in-memory)",
                "zipkin-json",
                new LoadRun(target, concurrency, batch),
                warmup,
                seconds,
                zipkinStats,
                brokerStats);
        printRow(zipkinRow);
        rows.add(zipkinRow);
      }
      zipkinCounters =
          String.format(
              "# Zipkin's own counters (warm-up included): spans received %,.0f, dropped %,.0f",
              zipkinStats.metric("zipkin_collector_spans_total", ""),
              zipkinStats.metric("zipkin_collector_spans_dropped_total", ""));
      stop(server);
    }

    System.out.println();
    System.out.printf(
        "# spans acknowledged by Spanflow (warm-up included): %,d; records on %s: %,d%s%n",
        ackedBySpanflow,
        TOPIC,
        spansOnTopic,
        spansOnTopic >= ackedBySpanflow ? " (every acknowledged span is in Kafka)" : " (MISSING!)");
    System.out.printf("# collector peak RSS (VmHWM): %d MiB%n", peakCollectorRss);
    if (zipkinRow != null) {
      for (Row r : rows) {
        if (r.server().equals("Spanflow") && r.protocol().equals("zipkin-json")) {
          System.out.printf(
              "# Spanflow/Zipkin, same Zipkin JSON v2 requests: %.2fx spans/s per core, %.2fx"
                  + " spans/s%n",
              r.perCore() / zipkinRow.perCore(),
              r.result().spansPerSecond() / zipkinRow.result().spansPerSecond());
        }
      }
      System.out.println(zipkinCounters);
      System.out.println(
          "# Zipkin answers 202 before storing (in memory, nothing durable); Spanflow answers"
              + " after the broker acknowledged every span (acks=all).");
    }
    System.out.printf("# load average at end: %s%n", loadAverage());
    broker.getOutputStream().close();
    broker.waitFor(30, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static Row measure(
      String server,
      String protocol,
      LoadRun run,
      int warmup,
      int seconds,
      ProcessStats serverStats,
      ProcessStats brokerStats)
      throws InterruptedException {
    if (warmup > 0) {
      run.run(Duration.ofSeconds(warmup));
    }
    double cpu0 = serverStats.cpuSeconds();
    double broker0 = brokerStats.cpuSeconds();
    LoadRun.Result result = run.run(Duration.ofSeconds(seconds));
    double cpu = serverStats.cpuSeconds() - cpu0;
    double brokerCpu = brokerStats.cpuSeconds() - broker0;
    return new Row(
        server,
        protocol,
        result,
        cpu / result.seconds(),
        brokerCpu / result.seconds(),
        serverStats.rssMiB(),
        serverStats.heapUsedMiB(),
        run.ackedTotal());
  }

  private static LoadTarget spanflowTarget(String protocol, int[] ports, BenchPayloads payloads) {
    return switch (protocol) {
      case "jaeger-thrift-http" ->
          LoadTarget.http(
              "http://127.0.0.1:" + ports[1] + "/api/traces?format=jaeger.thrift",
              "application/x-thrift",
              payloads::jaegerThrift);
      case "zipkin-json" ->
          LoadTarget.http(
              "http://127.0.0.1:" + ports[2] + "/api/v2/spans",
              "application/json",
              payloads::zipkinJson);
      case "jaeger-grpc" -> LoadTarget.jaegerGrpc(ports[0], payloads);
      case "otlp-grpc" -> LoadTarget.otlpGrpc(ports[3], payloads);
      case "otlp-http" ->
          LoadTarget.http(
              "http://127.0.0.1:" + ports[4] + "/v1/traces",
              "application/x-protobuf",
              payloads::otlpProtobuf);
      default -> throw new IllegalArgumentException(protocol);
    };
  }

  private static void printHeader() {
    System.out.println();
    System.out.println(
        "| server | protocol | spans/s acked | p50 ms | p99 ms | server CPU (cores) |"
            + " spans/s per core | RSS MiB | heap used MiB | broker CPU (cores) | failed requests |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  }

  private static void printRow(Row r) {
    LoadRun.Result x = r.result();
    System.out.printf(
        "| %s | %s | %,.0f | %.1f | %.1f | %.2f | %,.0f | %d | %s | %.2f | %s |%n",
        r.server(),
        LABELS.get(r.protocol()),
        x.spansPerSecond(),
        x.p50Millis(),
        x.p99Millis(),
        r.serverCores(),
        r.perCore(),
        r.rssMiB(),
        r.heapMiB() < 0 ? "-" : Long.toString(r.heapMiB()),
        r.brokerCores(),
        x.failures().isEmpty()
            ? "0"
            : x.failures().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ")));
    System.out.flush();
  }

  private static long endOffsets(String bootstrap, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Set<TopicPartition> partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .collect(Collectors.toSet());
      return admin
          .listOffsets(
              partitions.stream()
                  .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())))
          .all()
          .get()
          .values()
          .stream()
          .mapToLong(i -> i.offset())
          .sum();
    }
  }

  private static List<String> java(List<String> flags, String... rest) {
    List<String> command = new ArrayList<>(flags);
    command.addAll(Arrays.asList(rest));
    return java(command);
  }

  private static List<String> java(List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(arguments);
    return command;
  }

  private static java.lang.Process start(
      Path log, Map<String, String> env, List<String> command, boolean closeInput)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    java.lang.Process p = builder.start();
    CHILDREN.add(p);
    if (closeInput) {
      p.getOutputStream().close();
    }
    return p;
  }

  /** SIGTERM, as an orchestrator would stop it; then waits. */
  private static void stop(java.lang.Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Duration timeout, Condition condition, String what, java.lang.Process p)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(what + " exited with " + p.exitValue() + "; see its log");
      }
      try {
        if (condition.holds()) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new IllegalStateException(what + " did not start within " + timeout);
  }

  private static int status(String url) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static int[] freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> args = new LinkedHashMap<>();
    for (String a : argv) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + a);
      }
      args.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    return args;
  }
}
