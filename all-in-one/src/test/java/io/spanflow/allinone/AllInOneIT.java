package io.spanflow.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the whole all-in-one on free ports and follows one span from the Zipkin endpoint to the
 * query API: the path a newcomer's first trace takes.
 */
@ExtendWith(RunningAllInOne.class)
class AllInOneIT {
  private static final ObjectMapper json = new ObjectMapper();

  @Test
  void everyComponentReportsHealthyOnItsAdminPort(RunningAllInOne spanflow) throws Exception {
    for (String admin :
        List.of("query-admin", "collector-admin", "sink-admin", "processor-admin", "agent-admin")) {
      await()
          .atMost(60, TimeUnit.SECONDS)
          .untilAsserted(
              () -> assertThat(spanflow.get(admin, "/").statusCode()).as(admin).isEqualTo(200));
      assertThat(spanflow.get(admin, "/metrics").body())
          .as(admin)
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void aZipkinSpanBecomesSearchableThroughTheQueryApi(RunningAllInOne spanflow) throws Exception {
    String traceId = "5af7183fb1d4cf5f5af7183fb1d4cf5f";
    long nowMicros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    String body =
        """
        [{"traceId":"%s","id":"5af7183fb1d4cf5f","name":"get /checkout","kind":"SERVER",
          "timestamp":%d,"duration":1500,"localEndpoint":{"serviceName":"smoke-frontend"},
          "tags":{"http.method":"GET"}}]"""
            .formatted(traceId, nowMicros);
    HttpResponse<String> posted =
        spanflow.post(
            "zipkin", "/api/v2/spans", "application/json", body.getBytes(StandardCharsets.UTF_8));
    assertThat(posted.statusCode()).isEqualTo(202);

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              HttpResponse<String> trace = spanflow.get("query", "/api/traces/" + traceId);
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
                assertThat(spanflow.get("query", "/api/services").body())
                    .contains("smoke-frontend"));
  }
}
