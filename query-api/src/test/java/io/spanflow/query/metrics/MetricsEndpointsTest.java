package io.spanflow.query.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.TestCase;
import io.spanflow.query.app.QueryApp;
import io.spanflow.query.app.QueryOptions;
import io.spanflow.query.app.QueryServices;
import io.spanflow.query.storage.memory.InMemorySpanStore;
import io.spanflow.schemas.es.SpanMetricsDocument;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The Monitor tab API over per-minute buckets, in Jaeger's MetricFamily JSON. */
public class MetricsEndpointsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  public static final Instant END = Instant.parse("2026-11-21T12:00:00Z");
  private static final List<Long> BOUNDS = List.of(1_000L, 10_000L, 100_000L);

  /** Ten minutes of "frontend": 60 calls a minute, 6 errors, 50 ≤1ms, 10 in (1ms, 10ms]. */
  public static List<SpanMetricsDocument> buckets() {
    List<SpanMetricsDocument> docs = new ArrayList<>();
    for (int m = 1; m <= 10; m++) {
      Instant ts = END.minus(Duration.ofMinutes(m));
      docs.add(
          new SpanMetricsDocument(
              ts,
              "frontend",
              "GET /",
              "server",
              60,
              6,
              60 * 2_000,
              500,
              9_000,
              BOUNDS,
              List.of(50L, 10L, 0L, 0L)));
      docs.add(
          new SpanMetricsDocument(
              ts,
              "frontend",
              "GET /health",
              "server",
              0,
              0,
              0,
              0,
              0,
              BOUNDS,
              List.of(0L, 0L, 0L, 0L)));
    }
    return docs;
  }

  static final MetricsReader READER =
      new MetricsReader() {
        @Override
        public MetricFamily callRates(MetricsQuery q) {
          return MinuteBucketMetrics.callRates(q, buckets());
        }

        @Override
        public MetricFamily errorRates(MetricsQuery q) {
          return MinuteBucketMetrics.errorRates(q, buckets());
        }

        @Override
        public MetricFamily latencies(MetricsQuery q, double quantile) {
          return MinuteBucketMetrics.latencies(q, quantile, buckets());
        }

        @Override
        public Duration minStep() {
          return MinuteBucketMetrics.BUCKET;
        }
      };

  private static void test(TestCase body) {
    InMemorySpanStore store = new InMemorySpanStore();
    JavalinTest.test(
        QueryApp.create(
            QueryServices.builder()
                .spans(store)
                .dependencies(store)
                .metrics(READER)
                .clock(Clock.fixed(END, ZoneOffset.UTC))
                .build(),
            QueryOptions.builder().bindHost("127.0.0.1").build()),
        body);
  }

  private static JsonNode json(Response r) throws IOException {
    return JSON.readTree(r.body().string());
  }

  private static final String WINDOW =
      "&endTs=" + END.toEpochMilli() + "&lookback=300000&step=60000&ratePer=600000";

  @Test
  void calls_perSecond_inJaegersShape() {
    test(
        (server, c) -> {
          JsonNode body = json(c.get("/api/metrics/calls?service=frontend" + WINDOW));
          assertThat(body.get("name").asText()).isEqualTo("service_call_rate");
          assertThat(body.get("type").asText()).isEqualTo("GAUGE");
          assertThat(body.get("help").asText()).isEqualTo("calls/sec, grouped by service");
          assertThat(body.at("/metrics/0/labels").toString())
              .isEqualTo("[{\"name\":\"service_name\",\"value\":\"frontend\"}]");
          JsonNode points = body.at("/metrics/0/metricPoints");
          assertThat(points).hasSize(6);
          // at endTs the 10-minute window holds all ten buckets: 600 calls / 600 s
          assertThat(points.get(5).at("/gaugeValue/doubleValue").asDouble()).isEqualTo(1.0);
          assertThat(points.get(5).get("timestamp").asText()).isEqualTo("2026-11-21T12:00:00Z");
        });
  }

  @Test
  void calls_groupedByOperation() {
    test(
        (server, c) -> {
          JsonNode body =
              json(c.get("/api/metrics/calls?service=frontend&groupByOperation=true" + WINDOW));
          assertThat(body.get("name").asText()).isEqualTo("service_operation_call_rate");
          assertThat(body.get("metrics")).hasSize(2);
          assertThat(body.at("/metrics/0/labels/1").toString())
              .isEqualTo("{\"name\":\"operation\",\"value\":\"GET /\"}");
        });
  }

  @Test
  void errors_areFractionOfCalls() {
    test(
        (server, c) -> {
          JsonNode body = json(c.get("/api/metrics/errors?service=frontend" + WINDOW));
          assertThat(body.get("name").asText()).isEqualTo("service_error_rate");
          assertThat(body.at("/metrics/0/metricPoints/5/gaugeValue/doubleValue").asDouble())
              .isEqualTo(0.1);
        });
  }

  @Test
  void latencies_quantileFromHistogram_inMilliseconds() {
    test(
        (server, c) -> {
          JsonNode body =
              json(c.get("/api/metrics/latencies?service=frontend&quantile=0.95" + WINDOW));
          assertThat(body.get("name").asText()).isEqualTo("service_latencies");
          // rank 0.95 * 600 = 570: 500 in the first bucket, 70 of 100 into (1ms, 10ms] → 7.3ms
          assertThat(body.at("/metrics/0/metricPoints/5/gaugeValue/doubleValue").asDouble())
              .isCloseTo(7.3, org.assertj.core.data.Offset.offset(1e-9));
        });
  }

  @Test
  void minStep_isTheBucketSize() {
    test(
        (server, c) ->
            assertThat(json(c.get("/api/metrics/minstep")).get("data").asLong()).isEqualTo(60_000));
  }

  @Test
  void badParameters_are400() {
    test(
        (server, c) -> {
          assertThat(json(c.get("/api/metrics/calls")).at("/errors/0/msg").asText())
              .isEqualTo(
                  "unable to parse param 'service': please provide at least one service name");
          assertThat(
                  json(c.get("/api/metrics/calls?service=a&spanKind=SERVER"))
                      .at("/errors/0/msg")
                      .asText())
              .isEqualTo("unable to parse param 'spanKind': unsupported span kind: 'SERVER'");
          assertThat(json(c.get("/api/metrics/latencies?service=a")).at("/errors/0/msg").asText())
              .startsWith("unable to parse param 'quantile'");
          assertThat(c.get("/api/metrics/calls?service=a&groupByOperation=maybe").code())
              .isEqualTo(400);
        });
  }
}
