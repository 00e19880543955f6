package io.spanflow.collector;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.runtime.config.BindResult;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.runtime.lifecycle.Component;
import io.spanflow.schemas.fixtures.TestTraces;
import io.spanflow.schemas.thrift.JaegerThriftEncoder;
import io.spanflow.schemas.thrift.ThriftProtocol;
import io.spanflow.testsupport.KafkaTestTopics;
import io.spanflow.testsupport.SharedKafka;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spans/s into the real (in-process) broker for the Jaeger thrift HTTP and Zipkin JSON paths:
 * 100-span batches, 16 requests in flight, for a fixed duration. Prints spans/s, process CPU
 * seconds per second and RSS. Run: {@code java -cp <test classpath>
 * io.spanflow.collector.IngestBenchmark [seconds]}. The broker runs in the same JVM, so CPU is the
 * whole pipeline's.
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    String bootstrap = SharedKafka.bootstrapServers();
    String topic = KafkaTestTopics.unique("bench-spans");
    KafkaTestTopics.create(bootstrap, 3, topic);
    BindResult<CollectorGatewayOptions> bound =
        ConfigBinder.bind(
            "bench",
            new CollectorGatewayOptions(),
            new String[] {
              "--kafka.producer.brokers=" + bootstrap,
              "--kafka.producer.topic=" + topic,
              "--collector.grpc-server.host-port=127.0.0.1:0",
              "--collector.http-server.host-port=127.0.0.1:0",
              "--collector.zipkin.host-port=127.0.0.1:0",
              "--collector.otlp.grpc.host-port=127.0.0.1:0",
              "--collector.otlp.http.host-port=127.0.0.1:0"
            },
            Map.of());
    CollectorGateway gateway = CollectorGateway.build(bound.options(), new SimpleMeterRegistry());
    List<Component> started = new ArrayList<>();
    for (Component c : gateway.components()) {
      c.start();
      started.add(c);
    }
    try {
      List<Span> trace = TestTraces.largeTrace(100);
      Batch.Builder batch = Batch.newBuilder().setProcess(trace.get(0).getProcess());
      trace.forEach(s -> batch.addSpans(s.toBuilder().clearProcess()));
      byte[] thrift = JaegerThriftEncoder.encodeBatch(batch.build(), ThriftProtocol.BINARY);
      StringBuilder json = new StringBuilder("[");
      for (int i = 0; i < 100; i++) {
        json.append(i == 0 ? "" : ",")
            .append(
                String.format(
                    "{\"traceId\":\"%016x\",\"id\":\"%016x\",\"name\":\"op-%d\",\"kind\":\"SERVER\","
                        + "\"timestamp\":1700000000000000,\"duration\":1200,"
                        + "\"localEndpoint\":{\"serviceName\":\"bench\",\"ipv4\":\"10.0.0.1\"},"
                        + "\"tags\":{\"http.method\":\"GET\",\"http.path\":\"/api/items/%d\"}}",
                    i / 10 + 1, i + 1, i % 7, i));
      }
      byte[] zipkin = json.append(']').toString().getBytes();
      run(
          "jaeger-thrift-http",
          "http://127.0.0.1:" + gateway.jaegerHttpPort() + "/api/traces",
          "application/x-thrift",
          thrift,
          100,
          seconds);
      run(
          "zipkin-json-v2",
          "http://127.0.0.1:" + gateway.zipkinPort() + "/api/v2/spans",
          "application/json",
          zipkin,
          100,
          seconds);
    } finally {
      Collections.reverse(started);
      started.forEach(Component::close);
    }
    System.exit(0);
  }

  static void run(
      String name, String url, String type, byte[] body, int spansPerRequest, int seconds)
      throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    // warm-up
    for (int i = 0; i < 200; i++) {
      client.send(request, HttpResponse.BodyHandlers.discarding());
    }
    Semaphore inFlight = new Semaphore(16);
    AtomicLong ok = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    long end = t0 + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      inFlight.acquire();
      CompletableFuture<HttpResponse<Void>> f =
          client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
      f.whenComplete(
          (r, e) -> {
            if (e == null && r.statusCode() / 100 == 2) {
              ok.addAndGet(spansPerRequest);
            } else {
              refused.incrementAndGet();
            }
            inFlight.release();
          });
    }
    inFlight.acquire(16);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuNanos() - cpu0) / 1e9;
    System.out.printf(
        "%-20s %10.0f spans/s acked  cpu %.2f cores  rss %d MiB  refused requests %d%n",
        name, ok.get() / elapsed, cpu / elapsed, rssMiB(), refused.get());
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static long rssMiB() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
