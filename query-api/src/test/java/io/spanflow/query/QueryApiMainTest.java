package io.spanflow.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.query.app.QueryHttpServer;
import io.spanflow.runtime.Application;
import io.spanflow.runtime.config.BindResult;
import io.spanflow.runtime.config.ConfigBinder;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wired process: flags bind with Jaeger's names; a dead Elasticsearch gives 503, not a crash.
 */
class QueryApiMainTest {

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void flags_bindWithJaegerNames() {
    BindResult<QueryApiOptions> r =
        ConfigBinder.bind(
            "spanflow-query",
            new QueryApiOptions(),
            new String[] {
              "--query.base-path=/jaeger",
              "--query.max-clock-skew-adjustment=1.5s",
              "--es.index-prefix=prod"
            },
            Map.of("ES_SERVER_URLS", "http://a:9200,http://b:9200"));
    assertThat(r.shouldExit()).isFalse();
    QueryApiOptions o = r.options();
    assertThat(o.basePath).isEqualTo("/jaeger");
    assertThat(o.maxClockSkewAdjustment).isEqualTo(Duration.ofMillis(1500));
    assertThat(o.esIndexPrefix).isEqualTo("prod");
    assertThat(o.esServerUrls).containsExactly("http://a:9200", "http://b:9200");
    assertThat(o.httpHostPort.port()).isEqualTo(16686);
    assertThat(o.admin.hostPort().port()).isEqualTo(16687);
  }

  @Test
  void tlsFlags_haveJaegerNames_andHalfAConfigurationIsRejected() {
    QueryApiOptions on =
        bind(
            "--query.http.tls.enabled=true",
            "--query.http.tls.cert=/c.pem",
            "--query.http.tls.key=/k.pem");
    assertThat(QueryApiMain.tlsFiles(on).cert()).isEqualTo(java.nio.file.Path.of("/c.pem"));
    assertThat(QueryApiMain.tlsFiles(bind())).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> QueryApiMain.tlsFiles(bind("--query.http.tls.enabled=true")))
        .hasMessageContaining("--query.http.tls.cert");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> QueryApiMain.tlsFiles(bind("--query.http.tls.cert=/c.pem")))
        .hasMessageContaining("--query.http.tls.enabled");
  }

  private static QueryApiOptions bind(String... args) {
    return ConfigBinder.bind("spanflow-query", new QueryApiOptions(), args, Map.of()).options();
  }

  @Test
  void unknownFlag_exitsWithUsageCode() {
    BindResult<QueryApiOptions> r =
        ConfigBinder.bind(
            "spanflow-query", new QueryApiOptions(), new String[] {"--query.nope=1"}, Map.of());
    assertThat(r.shouldExit()).isTrue();
    assertThat(r.exitCode()).isEqualTo(ConfigBinder.USAGE_EXIT_CODE);
    assertThat(r.error()).contains("--query.nope");
  }

  @Test
  void elasticsearchDown_apiAnswers503_adminReportsUnhealthy() throws Exception {
    int deadPort = closedPort();
    QueryApiOptions o =
        ConfigBinder.bind(
                "spanflow-query",
                new QueryApiOptions(),
                new String[] {
                  "--query.http-server.host-port=127.0.0.1:0",
                  "--admin.http.host-port=127.0.0.1:0",
                  "--es.server-urls=http://127.0.0.1:" + deadPort,
                  "--es.timeout=2s"
                },
                Map.of())
            .options();
    Application app = QueryApiMain.build(o, false);
    try {
      app.start();
      int port =
          app.components().stream()
              .filter(QueryHttpServer.class::isInstance)
              .map(c -> ((QueryHttpServer) c).port())
              .findFirst()
              .orElseThrow();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> services =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/services"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(services.statusCode()).isEqualTo(503);
      assertThat(services.body()).contains("\"code\":503").doesNotContain("Exception");
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.admin().port() + "/"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("elasticsearch");
    } finally {
      app.close();
    }
  }
}
