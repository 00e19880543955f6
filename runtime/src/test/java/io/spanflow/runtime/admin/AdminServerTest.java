package io.spanflow.runtime.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import io.spanflow.runtime.metrics.Metrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final SwitchableCheck kafka = new SwitchableCheck("kafka-producer");
  private final SwitchableCheck es = new SwitchableCheck("es-bulk-writer");
  private AdminServer admin;

  @AfterEach
  void close() {
    if (admin != null) {
      admin.close();
    }
  }

  private AdminServer start(PrometheusMeterRegistry registry) throws IOException {
    admin =
        AdminServer.builder().hostPort("127.0.0.1:0").registry(registry).check(kafka, es).build();
    admin.start();
    return admin;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
            .timeout(java.time.Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void port0_bindsAFreePort() throws IOException {
    start(Metrics.newPrometheusRegistry());

    assertThat(admin.port()).isPositive();
    assertThat(admin.check().healthy()).isTrue();
  }

  @Test
  void health_is200ServerAvailable_whenAllChecksPass() throws Exception {
    start(Metrics.newPrometheusRegistry());

    HttpResponse<String> response = get("/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body())
        .startsWith("{\"status\":\"Server available\"")
        .contains("\"upSince\":")
        .contains("\"uptime\":")
        .contains("{\"name\":\"kafka-producer\",\"healthy\":true}");
  }

  @Test
  void health_is503WithFailingCheckNameAndReason() throws Exception {
    start(Metrics.newPrometheusRegistry());
    es.fail("no node reachable at \"http://es:9200\"");

    HttpResponse<String> response = get("/");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body())
        .startsWith("{\"status\":\"Server not available\"")
        .contains("\"failing\":\"es-bulk-writer\"")
        .contains("\"reason\":\"no node reachable at \\\"http://es:9200\\\"\"");
  }

  @Test
  void health_recovers_whenCheckHeals() throws Exception {
    start(Metrics.newPrometheusRegistry());
    kafka.fail("broker down");
    assertThat(get("/").statusCode()).isEqualTo(503);

    kafka.heal();

    assertThat(get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void health_treatsThrowingCheckAsFailed() throws Exception {
    Component broken =
        new SwitchableCheck("broken") {
          @Override
          public CheckResult check() {
            throw new IllegalStateException("boom");
          }
        };
    start(Metrics.newPrometheusRegistry()).addCheck(broken);

    HttpResponse<String> response = get("/");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("\"failing\":\"broken\"").contains("boom");
  }

  @Test
  void health_is503_whileMarkedUnavailable() throws Exception {
    start(Metrics.newPrometheusRegistry());
    admin.markUnavailable("shutting down");

    HttpResponse<String> response = get("/");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("\"reason\":\"shutting down\"");
    admin.markReady();
    assertThat(get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void metrics_servesPrometheusTextWithJvmAndCustomMeters() throws Exception {
    PrometheusMeterRegistry registry = Metrics.newPrometheusRegistry();
    registry.counter("spanflow.test.events", "kind", "demo").increment(3);
    start(registry);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    assertThat(response.body())
        .contains("jvm_memory_used_bytes{")
        .contains("jvm_threads_live_threads")
        .contains("jvm_classes_loaded_classes")
        .contains("process_cpu_usage")
        .contains("process_uptime_seconds")
        .contains("spanflow_test_events_total{kind=\"demo\"} 3.0");
  }

  @Test
  void unknownPath_is404() throws Exception {
    start(Metrics.newPrometheusRegistry());

    assertThat(get("/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void close_isIdempotent_andReleasesThePort() throws Exception {
    start(Metrics.newPrometheusRegistry());
    int port = admin.port();

    admin.close();
    admin.close();

    assertThat(admin.check().healthy()).isFalse();
    try (java.net.ServerSocket again = new java.net.ServerSocket()) {
      again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void hostPort_parsesJaegerForms() {
    assertThat(HostPort.parse(":14271")).isEqualTo(new HostPort("", 14271));
    assertThat(HostPort.parse("14271")).isEqualTo(new HostPort("", 14271));
    assertThat(HostPort.parse("0.0.0.0:14271")).isEqualTo(new HostPort("0.0.0.0", 14271));
    assertThat(HostPort.parse("[::1]:14271")).isEqualTo(new HostPort("::1", 14271));
    assertThat(HostPort.parse("[::1]:14271").toString()).isEqualTo("[::1]:14271");
  }

  static class SwitchableCheck implements Component {
    private final String name;
    private final AtomicReference<CheckResult> result = new AtomicReference<>(CheckResult.ok());

    SwitchableCheck(String name) {
      this.name = name;
    }

    void fail(String reason) {
      result.set(CheckResult.failed(reason));
    }

    void heal() {
      result.set(CheckResult.ok());
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void start() {}

    @Override
    public CheckResult check() {
      return result.get();
    }

    @Override
    public void close() {}
  }
}
