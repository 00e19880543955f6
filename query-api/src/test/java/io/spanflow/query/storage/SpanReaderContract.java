package io.spanflow.query.storage;

import static io.spanflow.query.storage.SearchFixtures.BASE;
import static io.spanflow.query.storage.SearchFixtures.T1;
import static io.spanflow.query.storage.SearchFixtures.T2;
import static io.spanflow.query.storage.SearchFixtures.T3;
import static io.spanflow.query.storage.SearchFixtures.T4;
import static io.spanflow.query.storage.SearchFixtures.T5;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One behaviour table for every {@link SpanReader}: each implementation loads {@link
 * SearchFixtures} and must answer each row the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SpanReaderContract {

  /** The reader under test, holding {@link SearchFixtures#all()}. */
  protected abstract SpanReader reader();

  static Stream<Arguments> searchTable() {
    return Stream.of(
        row("service: newest matching span first", q -> q.serviceName("frontend"), T2, T1),
        row("service: another service", q -> q.serviceName("backend"), T3, T1),
        row("service: unknown gives nothing", q -> q.serviceName("nope")),
        row(
            "operation: narrows within the service",
            q -> q.serviceName("frontend").operationName("HTTP GET /customer"),
            T1),
        row(
            "operation: of another service does not match",
            q -> q.serviceName("frontend").operationName("/route")),
        row("tag on span", q -> q.serviceName("frontend").tag("http.method", "GET"), T1),
        row("tag on process", q -> q.serviceName("backend").tag("region", "eu-west"), T1),
        row("tag on log field", q -> q.serviceName("backend").tag("event", "cache-miss"), T1),
        row(
            "tag int64 matched as text",
            q -> q.serviceName("frontend").tag("http.status_code", "500"),
            T2),
        row("tag bool matched as text", q -> q.serviceName("frontend").tag("error", "true"), T2),
        row(
            "tags ANDed: span tag and process tag",
            q -> q.serviceName("frontend").tag("http.method", "GET").tag("hostname", "fe-1"),
            T1),
        row(
            "tags ANDed: process tag and log field",
            q -> q.serviceName("backend").tag("region", "us-east").tag("level", "warn"),
            T3),
        row(
            "tags ANDed: no single span has both",
            q -> q.serviceName("frontend").tag("http.method", "GET").tag("error", "true")),
        row("tag value must match exactly", q -> q.serviceName("frontend").tag("http.method", "G")),
        row("minDuration", q -> q.serviceName("backend").durationMin(Duration.ofSeconds(1)), T3),
        row("maxDuration", q -> q.serviceName("frontend").durationMax(Duration.ofMillis(100)), T2),
        row(
            "minDuration and maxDuration",
            q ->
                q.serviceName("frontend")
                    .durationMin(Duration.ofMillis(200))
                    .durationMax(Duration.ofMillis(400)),
            T1),
        row(
            "fractional millisecond durations",
            q -> q.serviceName("mysql").durationMin(Duration.ofNanos(1_500_000)),
            T5),
        row(
            "duration bound is inclusive and exact",
            q -> q.serviceName("mysql").durationMin(Duration.ofNanos(1_501_000))),
        row(
            "time window: older trace only",
            q ->
                q.serviceName("frontend")
                    .startTimeMin(BASE.minus(Duration.ofHours(4)))
                    .startTimeMax(BASE.minus(Duration.ofHours(2))),
            T4),
        row(
            "time window: start excludes earlier traces",
            q -> q.serviceName("frontend").startTimeMin(BASE.plusSeconds(30)),
            T2),
        row(
            "time window: wide window spans two days of indices",
            q -> q.serviceName("frontend").startTimeMin(BASE.minus(Duration.ofDays(1))),
            T2,
            T1,
            T4),
        row("limit keeps the newest", q -> q.serviceName("frontend").limit(1), T2));
  }

  private static Arguments row(String name, UnaryOperator<TraceQuery.Builder> query, long... ids) {
    return Arguments.of(name, query, ids);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("searchTable")
  void findTraceIds(String name, UnaryOperator<TraceQuery.Builder> query, long[] expected) {
    TraceQuery q =
        query
            .apply(
                TraceQuery.builder()
                    .startTimeMin(BASE.minus(Duration.ofHours(1)))
                    .startTimeMax(BASE.plus(Duration.ofHours(1))))
            .build();
    List<ByteString> ids = reader().findTraceIds(q);
    assertThat(ids)
        .as(name)
        .containsExactlyElementsOf(Arrays.stream(expected).mapToObj(TestSpans::traceId).toList());
  }

  @Test
  void findTraces_returnsWholeTraces_newestFirst() {
    List<List<Span>> traces =
        reader()
            .findTraces(
                TraceQuery.builder()
                    .serviceName("backend")
                    .startTimeMin(BASE.minus(Duration.ofHours(1)))
                    .startTimeMax(BASE.plus(Duration.ofHours(1)))
                    .build());
    assertThat(traces).hasSize(2);
    assertThat(traces.get(0)).extracting(Span::getTraceId).containsOnly(TestSpans.traceId(T3));
    assertThat(traces.get(1)).hasSize(3); // T1 with its frontend spans, not only the match
  }

  @Test
  void getTrace_returnsEverySpan() {
    List<Span> trace = reader().getTrace(TestSpans.traceId(T1)).orElseThrow();
    assertThat(new HashSet<>(trace))
        .isEqualTo(
            new HashSet<>(
                SearchFixtures.all().stream()
                    .filter(s -> s.getTraceId().equals(TestSpans.traceId(T1)))
                    .toList()));
  }

  @Test
  void getTrace_unknownIsEmpty() {
    assertThat(reader().getTrace(TestSpans.traceId(0xdead))).isEmpty();
  }

  @Test
  void services_sorted() {
    assertThat(reader().getServices())
        .isSorted()
        .doesNotHaveDuplicates()
        .containsSubsequence("backend", "frontend", "mysql");
  }

  @Test
  void operations_ofService_everyKind() {
    assertThat(reader().getOperations(OperationQuery.forService("frontend")))
        .containsExactly(
            new Operation("GET /dispatch", "server"),
            new Operation("HTTP GET /customer", "client"));
  }

  @Test
  void operations_ofService_oneKind() {
    assertThat(reader().getOperations(new OperationQuery("frontend", "client")))
        .containsExactly(new Operation("HTTP GET /customer", "client"));
  }

  @Test
  void operations_unknownService_empty() {
    assertThat(reader().getOperations(OperationQuery.forService("nope"))).isEmpty();
  }

  /** Instant helper for subclasses that need "now" near the fixtures. */
  protected static Instant fixtureNow() {
    return BASE.plus(Duration.ofHours(1));
  }
}
