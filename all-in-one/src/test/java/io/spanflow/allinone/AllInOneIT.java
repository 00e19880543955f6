package io.spanflow.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spanflow.testsupport.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the whole all-in-one on free ports and follows one span from the Zipkin endpoint to the
 * query API: the path a newcomer's first trace takes.
 */
class AllInOneIT {
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final ObjectMapper json = new ObjectMapper();
  private static final Map<String, Integer> ports = new HashMap<>();

  @TempDir static Path data;
  private static AllInOne allInOne;

  @BeforeAll
  static void start() throws Exception {
    for (String name :
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
            "agent-admin")) {
      ports.put(name, FreePorts.next());
    }
    allInOne =
        AllInOne.builder()
            .dataDir(data)
            .kafkaPort(0)
            .esPort(0)
            .esHeap("256m")
            .partitions(2)
            .installShutdownHook(false)
            .componentArgs("stream-processor", admin("processor-admin"))
            .componentArgs("es-sink", admin("sink-admin"))
            .componentArgs(
                "query-api",
                admin("query-admin"),
                "--query.http-server.host-port=127.0.0.1:" + ports.get("query"))
            .componentArgs(
                "collector-gateway",
                admin("collector-admin"),
                "--collector.grpc-server.host-port=127.0.0.1:" + ports.get("collector-grpc"),
                "--collector.http-server.host-port=127.0.0.1:" + ports.get("collector-http"),
                "--collector.zipkin.host-port=127.0.0.1:" + ports.get("zipkin"),
                "--collector.otlp.grpc.host-port=127.0.0.1:" + ports.get("otlp-grpc"),
                "--collector.otlp.http.host-port=127.0.0.1:" + ports.get("otlp-http"))
            .componentArgs(
                "edge-agent",
                admin("agent-admin"),
                "--reporter.grpc.host-port=127.0.0.1:" + ports.get("collector-grpc"),
                "--processor.jaeger-compact.server-host-port=127.0.0.1:"
                    + ports.get("agent-compact"),
                "--processor.jaeger-binary.server-host-port=127.0.0.1:" + ports.get("agent-binary"),
                "--processor.zipkin-compact.server-host-port=127.0.0.1:"
                    + ports.get("agent-zipkin"),
                "--http-server.host-port=127.0.0.1:" + ports.get("agent-sampling"),
                "--agent.shutdown-grace-period=0s")
            .build();
    allInOne.application().start();
  }

  @AfterAll
  static void stop() {
    if (allInOne != null) {
      allInOne.application().close();
    }
  }

  @Test
  void everyComponentReportsHealthyOnItsAdminPort() throws Exception {
    for (String admin :
        List.of("query-admin", "collector-admin", "sink-admin", "processor-admin", "agent-admin")) {
      await()
          .atMost(60, TimeUnit.SECONDS)
          .untilAsserted(
              () -> assertThat(get(ports.get(admin), "/").statusCode()).as(admin).isEqualTo(200));
      assertThat(get(ports.get(admin), "/metrics").body())
          .as(admin)
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void aZipkinSpanBecomesSearchableThroughTheQueryApi() throws Exception {
    String traceId = "5af7183fb1d4cf5f5af7183fb1d4cf5f";
    long nowMicros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    String body =
        """
        [{"traceId":"%s","id":"5af7183fb1d4cf5f","name":"get /checkout","kind":"SERVER",
          "timestamp":%d,"duration":1500,"localEndpoint":{"serviceName":"smoke-frontend"},
          "tags":{"http.method":"GET"}}]"""
            .formatted(traceId, nowMicros);
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ports.get("zipkin") + "/api/v2/spans"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).isEqualTo(202);

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              HttpResponse<String> trace = get(ports.get("query"), "/api/traces/" + traceId);
              assertThat(trace.statusCode()).isEqualTo(200);
              JsonNode span =
                  json.readTree(trace.body()).path("data").path(0).path("spans").path(0);
              assertThat(span.path("operationName").asText()).isEqualTo("get /checkout");
            });
    // The service catalog travels its own topic, so it may land a moment after the span.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(get(ports.get("query"), "/api/services").body())
                    .contains("smoke-frontend"));
  }

  private static String admin(String name) {
    return "--admin.http.host-port=127.0.0.1:" + ports.get(name);
  }

  private static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
