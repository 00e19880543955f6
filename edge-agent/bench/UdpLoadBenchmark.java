// UDP load benchmark for the edge agent (not a test). Run with bench/run-bench.sh, which builds
// the classpath and passes the agent's JVM flags.
//
// It starts a counting gRPC collector in this JVM, launches the real agent (EdgeAgentMain) as a
// child JVM with the given flags, sends jaeger.thrift compact emitBatch packets (encoded with the
// Java client's own thrift classes) at a target span rate, and reports: spans/s the collector
// received, the drop rate, the agent's CPU (from /proc/<pid>/stat) and its peak RSS (VmRSS).

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.jaegertracing.agent.thrift.Agent;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Process;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import io.spanflow.proto.jaeger.CollectorServiceGrpc;
import io.spanflow.proto.jaeger.PostSpansRequest;
import io.spanflow.proto.jaeger.PostSpansResponse;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.transport.TMemoryBuffer;

public final class UdpLoadBenchmark {
  static final AtomicLong received = new AtomicLong();

  public static void main(String[] args) throws Exception {
    // args: <agent jvm flags> <rates spans/s, comma separated> <seconds> <spans per packet> [agent flags]
    String jvmFlags = args[0];
    int[] rates = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
    int seconds = Integer.parseInt(args[2]);
    int spansPerPacket = Integer.parseInt(args[3]);
    String extraAgentArgs = args.length > 4 ? args[4].trim() : "";

    Server collector =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .addService(
                new CollectorServiceGrpc.CollectorServiceImplBase() {
                  @Override
                  public void postSpans(PostSpansRequest r, StreamObserver<PostSpansResponse> o) {
                    received.addAndGet(r.getBatch().getSpansCount());
                    o.onNext(PostSpansResponse.getDefaultInstance());
                    o.onCompleted();
                  }
                })
            .build()
            .start();
    int udpPort = freeUdpPort();
    int adminPort = freeTcpPort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(jvmFlags.trim().split("\\s+")));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("agent.classpath", System.getProperty("java.class.path")),
            "io.spanflow.agent.EdgeAgentMain",
            "--reporter.grpc.host-port=127.0.0.1:" + collector.getPort(),
            "--processor.jaeger-compact.server-host-port=127.0.0.1:" + udpPort,
            "--processor.jaeger-binary.server-host-port=127.0.0.1:0",
            "--processor.zipkin-compact.server-host-port=127.0.0.1:0",
            "--http-server.host-port=127.0.0.1:0",
            "--admin.http.host-port=127.0.0.1:" + adminPort,
            "--agent.shutdown-grace-period=0"));
    if (!extraAgentArgs.isEmpty()) {
      command.addAll(Arrays.asList(extraAgentArgs.split("\\s+")));
    }
    Path log = Files.createTempFile("edge-agent-bench", ".log");
    java.lang.Process agent =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long pid = agent.pid();
    waitForHealth(adminPort);
    System.out.printf("agent pid %d, jvm flags: %s, agent args: %s, log %s%n", pid, jvmFlags, extraAgentArgs, log);
    System.out.printf("idle RSS after start: %.1f MB%n", rssKb(pid) / 1024.0);

    byte[] packet = packet(spansPerPacket);
    System.out.printf("packet: %d spans, %d bytes%n", spansPerPacket, packet.length);
    System.out.println(
        "target_spans_s  sent_spans  received_spans  accepted_spans_s  drop_rate  agent_cpu_pct  peak_rss_mb  queue_dropped_pkts  kernel_dropped_pkts  reporter_dropped_spans");
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSendBufferSize(4 << 20);
      DatagramPacket datagram =
          new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), udpPort);
      for (int rate : rates) {
        long before = received.get();
        double droppedBefore = metric(adminPort, "jaeger_agent_thrift_udp_server_packets_dropped_total");
        double kernelBefore = metric(adminPort, "spanflow_agent_udp_kernel_drops_total");
        double reporterBefore = metric(adminPort, "spanflow_agent_reporter_spans_dropped_total");
        long cpuBefore = cpuTicks(pid);
        long peakRss = 0;
        long packetsPerSecond = Math.max(1, rate / spansPerPacket);
        long sent = 0;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long nextRss = start;
        while (true) {
          long now = System.nanoTime();
          if (now >= end) {
            break;
          }
          long due = (now - start) * packetsPerSecond / 1_000_000_000L;
          while (sent < due) {
            socket.send(datagram);
            sent++;
          }
          if (now >= nextRss) {
            peakRss = Math.max(peakRss, rssKb(pid));
            nextRss = now + TimeUnit.MILLISECONDS.toNanos(250);
          }
          Thread.onSpinWait();
          if (due == sent) {
            TimeUnit.MICROSECONDS.sleep(200);
          }
        }
        long cpuAfter = cpuTicks(pid);
        double elapsed = (System.nanoTime() - start) / 1e9;
        // Let the reporter deliver what it holds (batch delay 200 ms).
        long sentSpans = sent * spansPerPacket;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.get() - before < sentSpans && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(50);
          peakRss = Math.max(peakRss, rssKb(pid));
        }
        long got = received.get() - before;
        double udpDropped =
            metric(adminPort, "jaeger_agent_thrift_udp_server_packets_dropped_total") - droppedBefore;
        double kernelDropped =
            metric(adminPort, "spanflow_agent_udp_kernel_drops_total") - kernelBefore;
        double reporterDropped =
            metric(adminPort, "spanflow_agent_reporter_spans_dropped_total") - reporterBefore;
        double cpuPct = 100.0 * (cpuAfter - cpuBefore) / 100.0 / elapsed; // USER_HZ = 100
        System.out.printf(
            "%14d  %10d  %14d  %16.0f  %9.4f  %13.1f  %11.1f  %18.0f  %19.0f  %22.0f%n",
            rate,
            sentSpans,
            got,
            got / elapsed,
            sentSpans == 0 ? 0 : 1.0 - (double) got / sentSpans,
            cpuPct,
            peakRss / 1024.0,
            udpDropped,
            kernelDropped,
            reporterDropped);
      }
    } finally {
      agent.destroy(); // SIGTERM: the agent drains and flushes
      agent.waitFor(30, TimeUnit.SECONDS);
      collector.shutdownNow();
    }
  }

  static byte[] packet(int spans) throws Exception {
    List<Span> list = new ArrayList<>();
    for (int i = 0; i < spans; i++) {
      Span span = new Span(42L + i, 7L, 1000L + i, i == 0 ? 0 : 1000L, "GET /api/orders/{id}", 1, 1_700_000_000_000_000L, 1234L);
      span.setTags(
          new ArrayList<>(
              List.of(
                  new Tag("http.method", TagType.STRING).setVStr("GET"),
                  new Tag("http.status_code", TagType.LONG).setVLong(200),
                  new Tag("span.kind", TagType.STRING).setVStr("server"),
                  new Tag("component", TagType.STRING).setVStr("netty"))));
      list.add(span);
    }
    Process process = new Process("bench-service");
    process.setTags(new ArrayList<>(List.of(new Tag("hostname", TagType.STRING).setVStr("bench-host"))));
    TMemoryBuffer buffer = new TMemoryBuffer(65_000);
    new Agent.Client(new TCompactProtocol(buffer)).emitBatch(new Batch(process, list));
    return Arrays.copyOf(buffer.getArray(), buffer.length());
  }

  static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      return 0;
    }
    return 0;
  }

  static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
  }

  static double metric(int adminPort, String name) throws Exception {
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    for (String line : body.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  static void waitForHealth(int adminPort) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        int status =
            client
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // starting
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IllegalStateException("agent did not become healthy");
  }

  static int freeTcpPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
