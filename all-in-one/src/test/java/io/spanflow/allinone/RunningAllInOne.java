package io.spanflow.allinone;

import io.spanflow.testsupport.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One all-in-one for every IT of this module: started on free ports by the first test class that
 * needs it and closed when the test run ends. Starting it costs an Elasticsearch child process and
 * a broker, so the test classes share it instead of each starting their own.
 */
final class RunningAllInOne implements BeforeAllCallback, ParameterResolver {

  /** Named ports, each a free port on 127.0.0.1. */
  static final List<String> PORT_NAMES =
      List.of(
          "query",
          "query-admin",
          "collector-grpc",
          "collector-http",
          "zipkin",
          "otlp-grpc",
          "otlp-http",
          "collector-admin",
          "sink-admin",
          "processor-admin",
          "agent-compact",
          "agent-binary",
          "agent-zipkin",
          "agent-sampling",
          "agent-admin");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final AllInOne allInOne;
  private final Map<String, Integer> ports;
  private final Path dataDir;

  private RunningAllInOne(AllInOne allInOne, Map<String, Integer> ports, Path dataDir) {
    this.allInOne = allInOne;
    this.ports = ports;
    this.dataDir = dataDir;
  }

  /** Used by {@code @ExtendWith}; the shared instance lives in the root extension store. */
  public RunningAllInOne() {
    this(null, Map.of(), null);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    shared(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RunningAllInOne.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared(context);
  }

  private static RunningAllInOne shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            RunningAllInOne.class.getName(), key -> new Resource(start()), Resource.class)
        .running;
  }

  /** Closes the all-in-one when the root context closes, after the last test class. */
  private record Resource(RunningAllInOne running) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      running.allInOne.application().close();
      try (Stream<Path> files = Files.walk(running.dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static RunningAllInOne start() {
    try {
      Map<String, Integer> ports = new HashMap<>();
      for (String name : PORT_NAMES) {
        ports.put(name, FreePorts.next());
      }
      Path data = Files.createTempDirectory("spanflow-all-in-one-it");
      AllInOne allInOne =
          AllInOne.builder()
              .dataDir(data)
              .kafkaPort(0)
              .esPort(0)
              .esHeap("256m")
              .partitions(2)
              .installShutdownHook(false)
              .componentArgs(
                  "stream-processor",
                  admin(ports, "processor-admin"),
                  // Edges of a finished trace within seconds, not the default 30 s.
                  "--processor.trace-inactivity-gap=2s")
              .componentArgs("es-sink", admin(ports, "sink-admin"))
              .componentArgs(
                  "query-api",
                  admin(ports, "query-admin"),
                  "--query.http-server.host-port=127.0.0.1:" + ports.get("query"))
              .componentArgs(
                  "collector-gateway",
                  admin(ports, "collector-admin"),
                  "--collector.grpc-server.host-port=127.0.0.1:" + ports.get("collector-grpc"),
                  "--collector.http-server.host-port=127.0.0.1:" + ports.get("collector-http"),
                  "--collector.zipkin.host-port=127.0.0.1:" + ports.get("zipkin"),
                  "--collector.otlp.grpc.host-port=127.0.0.1:" + ports.get("otlp-grpc"),
                  "--collector.otlp.http.host-port=127.0.0.1:" + ports.get("otlp-http"))
              .componentArgs(
                  "edge-agent",
                  admin(ports, "agent-admin"),
                  "--reporter.grpc.host-port=127.0.0.1:" + ports.get("collector-grpc"),
                  "--processor.jaeger-compact.server-host-port=127.0.0.1:"
                      + ports.get("agent-compact"),
                  "--processor.jaeger-binary.server-host-port=127.0.0.1:"
                      + ports.get("agent-binary"),
                  "--processor.zipkin-compact.server-host-port=127.0.0.1:"
                      + ports.get("agent-zipkin"),
                  "--http-server.host-port=127.0.0.1:" + ports.get("agent-sampling"),
                  "--agent.shutdown-grace-period=0s")
              .build();
      allInOne.application().start();
      return new RunningAllInOne(allInOne, Map.copyOf(ports), data);
    } catch (Exception e) {
      throw new IllegalStateException("the all-in-one did not start", e);
    }
  }

  private static String admin(Map<String, Integer> ports, String name) {
    return "--admin.http.host-port=127.0.0.1:" + ports.get(name);
  }

  int port(String name) {
    Integer port = ports.get(name);
    if (port == null) {
      throw new IllegalArgumentException("no port named " + name);
    }
    return port;
  }

  String kafkaBootstrapServers() {
    return allInOne.kafkaBootstrapServers();
  }

  String elasticsearchUrl() {
    return allInOne.elasticsearchUrl();
  }

  /** GET on one of the named ports. */
  HttpResponse<String> get(String portName, String pathAndQuery)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(portName) + pathAndQuery))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String portName, String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(portName) + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
