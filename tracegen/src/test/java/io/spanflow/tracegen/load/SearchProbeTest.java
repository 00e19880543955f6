package io.spanflow.tracegen.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe against a fake query API that serves Jaeger's and Zipkin's multi-trace lookups. */
class SearchProbeTest {
  private final Map<String, Integer> stored = new ConcurrentHashMap<>();
  private final List<List<String>> requestedIds = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private String baseUrl;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/traces", ex -> answer(ex, ProbeApi.JAEGER));
    server.createContext("/api/v2/traceMany", ex -> answer(ex, ProbeApi.ZIPKIN));
    server.start();
    baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(com.sun.net.httpserver.HttpExchange ex, ProbeApi api)
      throws java.io.IOException {
    String query = URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
    List<String> ids = new ArrayList<>();
    for (String param : query.split("&")) {
      String value = param.substring(param.indexOf('=') + 1);
      ids.addAll(api == ProbeApi.ZIPKIN ? Arrays.asList(value.split(",")) : List.of(value));
    }
    requestedIds.add(ids);
    // Each system prints ids its own way: Jaeger here with leading zeros, Zipkin without.
    List<String> traces = new ArrayList<>();
    for (String id : ids) {
      int spans = stored.getOrDefault(id.replaceFirst("^0+", ""), 0);
      if (spans == 0) {
        continue;
      }
      String printed = api == ProbeApi.JAEGER ? "0000" + id.replaceFirst("^0+", "") : id;
      String span =
          api == ProbeApi.JAEGER
              ? "{\"traceID\":\"" + printed + "\"}"
              : "{\"traceId\":\"" + printed + "\"}";
      String list = String.join(",", java.util.Collections.nCopies(spans, span));
      traces.add(api == ProbeApi.JAEGER ? "{\"spans\":[" + list + "]}" : "[" + list + "]");
    }
    String joined = traces.stream().collect(Collectors.joining(","));
    byte[] body =
        (api == ProbeApi.JAEGER ? "{\"data\":[" + joined + "]}" : "[" + joined + "]")
            .getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  @Test
  void asksForEveryPendingTraceInOneRequestAndWaitsForAllItsSpans() throws Exception {
    try (SearchProbe probe =
        new SearchProbe(ProbeApi.JAEGER, baseUrl, Duration.ZERO, Duration.ofSeconds(30))) {
      long sent = System.nanoTime();
      probe.offer("a1", 3, sent);
      probe.offer("b2", 2, sent + 1);
      probe.offer("c3", 1, sent + 2);
      stored.put("a1", 2); // not yet complete
      stored.put("b2", 2);
      stored.put("c3", 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> probe.latencies().count() == 2);
      assertThat(requestedIds).anySatisfy(ids -> assertThat(ids).contains("a1", "b2", "c3"));

      stored.put("a1", 3);
      await().atMost(Duration.ofSeconds(10)).until(() -> probe.latencies().count() == 3);
      assertThat(probe.notFound()).isZero();
    }
  }

  @Test
  void zipkinTraceManyWithCommaSeparatedIdsAndIdsWithoutLeadingZeros() throws Exception {
    try (SearchProbe probe =
        new SearchProbe(ProbeApi.ZIPKIN, baseUrl + "/", Duration.ZERO, Duration.ofSeconds(30))) {
      stored.put("abc", 2);
      stored.put("def", 1);
      long sent = System.nanoTime();
      probe.offer("0000000000000abc", 2, sent);
      probe.offer("def", 1, sent + 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> probe.latencies().count() == 2);
      assertThat(requestedIds.get(0)).containsExactlyInAnyOrder("abc", "def");
    }
  }

  @Test
  void samplesAtMostOneTracePerIntervalAndCountsTimeouts() throws Exception {
    try (SearchProbe probe =
        new SearchProbe(ProbeApi.JAEGER, baseUrl, Duration.ofHours(1), Duration.ofMillis(300))) {
      long sent = System.nanoTime();
      probe.offer("a1", 1, sent);
      probe.offer("b2", 1, sent + 1); // within the interval: not sampled
      probe.awaitDone();
      assertThat(probe.notFound()).isEqualTo(1);
      assertThat(probe.latencies().count()).isZero();
      assertThat(requestedIds).allSatisfy(ids -> assertThat(ids).containsOnly("a1"));
    }
  }
}
