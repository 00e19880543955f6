package io.spanflow.query.storage.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.query.app.QueryApp;
import io.spanflow.query.app.QueryOptions;
import io.spanflow.query.app.QueryServices;
import io.spanflow.query.storage.SpanFacts;
import io.spanflow.query.storage.TestSpans;
import io.spanflow.schemas.es.DocumentIds;
import io.spanflow.schemas.es.IndexNames;
import io.spanflow.schemas.es.ServiceOperationDocument;
import io.spanflow.schemas.es.SpanDocumentMapper;
import io.spanflow.schemas.ids.TraceIds;
import io.spanflow.testsupport.SharedElasticsearch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Loads {@code -Dspanflow.bench.spans=N} spans (traces of 10 spans, 20 services) into the shared
 * Elasticsearch and measures p50/p99 of trace-by-id and of search through the HTTP API. Skipped
 * unless the property is set: {@code ./mvnw -pl query-api -am verify -Dtest=None
 * -Dit.test=QueryBenchmarkIT -Dspanflow.bench.spans=1000000 -Dspanflow.test.es.heap=1g}.
 */
class QueryBenchmarkIT {

  private static final int SPANS_PER_TRACE = 10;
  private static final int SERVICES = 20;
  private static final Instant END = Instant.parse("2026-11-21T12:00:00Z");

  @Test
  void traceByIdAndSearchLatency() throws Exception {
    String property = System.getProperty("spanflow.bench.spans");
    assumeTrue(property != null, "set -Dspanflow.bench.spans=N to run the benchmark");
    int total = Integer.parseInt(property);
    int traces = total / SPANS_PER_TRACE;
    String prefix = "bench" + Long.toHexString(System.nanoTime());
    EsConnection es =
        EsConnection.builder()
            .serverUrls(List.of(SharedElasticsearch.httpUrl()))
            .timeout(Duration.ofMinutes(5))
            .build();
    try {
      EsFixtureLoader loader = new EsFixtureLoader(es.client(), prefix);
      long loadStart = System.nanoTime();
      load(es.client(), prefix, traces);
      loader.refresh();
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

      EsSpanReader reader =
          new EsSpanReader(
              es.client(),
              EsReaderOptions.builder().indexPrefix(prefix).build(),
              Clock.fixed(END, ZoneOffset.UTC),
              new SimpleMeterRegistry());
      Javalin app =
          QueryApp.create(
              QueryServices.builder()
                  .spans(reader)
                  .dependencies((end, lookback) -> List.of())
                  .clock(Clock.fixed(END, ZoneOffset.UTC))
                  .build(),
              QueryOptions.builder().bindHost("127.0.0.1").build());
      app.start(0);
      try {
        String base = "http://127.0.0.1:" + app.port();
        HttpClient http = HttpClient.newHttpClient();
        Random random = new Random(42);
        for (int i = 0; i < 100; i++) {
          get(
              http,
              base
                  + "/api/traces/"
                  + TraceIds.toHex(TestSpans.traceId(1 + random.nextInt(traces))));
        }
        long[] byId = new long[1000];
        for (int i = 0; i < byId.length; i++) {
          String id = TraceIds.toHex(TestSpans.traceId(1 + random.nextInt(traces)));
          long t0 = System.nanoTime();
          String body = get(http, base + "/api/traces/" + id);
          byId[i] = System.nanoTime() - t0;
          assertThat(body).contains(id);
        }
        long[] search = new long[300];
        for (int i = 0; i < search.length; i++) {
          String service = "svc-" + random.nextInt(SERVICES);
          String url =
              base
                  + "/api/traces?service="
                  + service
                  + "&limit=20&lookback=24h"
                  + (i % 2 == 0 ? "&tag=http.status_code:500" : "&minDuration=5ms");
          long t0 = System.nanoTime();
          get(http, url);
          search[i] = System.nanoTime() - t0;
        }
        String report =
            String.format(
                "spans=%d traces=%d load=%.1fs (%.0f spans/s)%n"
                    + "trace-by-id (10 spans) n=%d p50=%.1fms p99=%.1fms%n"
                    + "search (limit 20, tag or minDuration) n=%d p50=%.1fms p99=%.1fms%n",
                total,
                traces,
                loadSeconds,
                total / loadSeconds,
                byId.length,
                percentile(byId, 50),
                percentile(byId, 99),
                search.length,
                percentile(search, 50),
                percentile(search, 99));
        System.out.print(report);
        Files.writeString(Path.of("target", "query-benchmark.txt"), report);
      } finally {
        app.stop();
      }
    } finally {
      es.close();
    }
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError(url + " → " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  private static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  /** Traces spread over the last 20 hours; every tenth root span is an error. */
  private static void load(ElasticsearchClient client, String prefix, int traces) throws Exception {
    Process[] processes = new Process[SERVICES];
    for (int i = 0; i < SERVICES; i++) {
      processes[i] =
          TestSpans.process(
              "svc-" + i,
              TestSpans.str("hostname", "host-" + i),
              TestSpans.str("region", "r" + (i % 3)));
    }
    Set<String> serviceOps = new HashSet<>();
    List<Span> batch = new ArrayList<>();
    Random random = new Random(7);
    for (int t = 1; t <= traces; t++) {
      Instant start =
          END.minusMillis((long) (random.nextDouble() * Duration.ofHours(20).toMillis()));
      int rootService = random.nextInt(SERVICES);
      for (int s = 1; s <= SPANS_PER_TRACE; s++) {
        Process p = s == 1 ? processes[rootService] : processes[random.nextInt(SERVICES)];
        Span.Builder span =
            TestSpans.span(
                    t,
                    s,
                    s == 1 ? 0 : 1,
                    p,
                    "op-" + random.nextInt(10),
                    start.plusMillis(s),
                    1_000 + random.nextInt(20_000))
                .addTags(TestSpans.str("span.kind", s == 1 ? "server" : "client"))
                .addTags(TestSpans.str("http.method", "GET"))
                .addTags(TestSpans.int64("http.status_code", t % 10 == 0 && s == 1 ? 500 : 200));
        if (s % 3 == 0) {
          span.addLogs(TestSpans.log(start.plusMillis(s + 1), TestSpans.str("event", "retry")));
        }
        batch.add(span.build());
      }
      if (batch.size() >= 5_000 || t == traces) {
        bulk(client, prefix, batch, serviceOps);
        batch.clear();
        if (t % 10_000 == 0) {
          System.out.println("benchmark: loaded " + t * SPANS_PER_TRACE + " spans");
        }
      }
    }
  }

  private static void bulk(
      ElasticsearchClient client, String prefix, List<Span> spans, Set<String> serviceOps)
      throws Exception {
    BulkRequest.Builder bulk = new BulkRequest.Builder();
    for (Span s : spans) {
      Instant start = SpanFacts.instantOfMicros(SpanFacts.startMicros(s));
      bulk.operations(
          op ->
              op.index(
                  i ->
                      i.index(IndexNames.spanIndex(prefix, start))
                          .id(DocumentIds.spanDocumentId(s))
                          .document(SpanDocumentMapper.toDocument(s))));
      ServiceOperationDocument so =
          new ServiceOperationDocument(
              s.getProcess().getServiceName(), s.getOperationName(), DocumentIds.spanKind(s));
      String key = IndexNames.serviceIndex(prefix, start) + "/" + so.documentId();
      if (serviceOps.add(key)) {
        bulk.operations(
            op ->
                op.index(
                    i ->
                        i.index(IndexNames.serviceIndex(prefix, start))
                            .id(so.documentId())
                            .document(so.toJson())));
      }
    }
    BulkResponse r = client.bulk(bulk.build());
    if (r.errors()) {
      throw new IllegalStateException("bulk had errors");
    }
  }
}
