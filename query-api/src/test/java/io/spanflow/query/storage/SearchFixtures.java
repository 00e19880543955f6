package io.spanflow.query.storage;

import static io.spanflow.query.storage.TestSpans.bool;
import static io.spanflow.query.storage.TestSpans.int64;
import static io.spanflow.query.storage.TestSpans.log;
import static io.spanflow.query.storage.TestSpans.process;
import static io.spanflow.query.storage.TestSpans.span;
import static io.spanflow.query.storage.TestSpans.str;

import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Named traces for the search semantics table. Every trace sits around {@link #BASE}; {@code T4} is
 * three hours older.
 *
 * <pre>
 * T1  base+0      frontend GET /dispatch (server, 500ms, http.method=GET)
 *     base+10ms   frontend HTTP GET /customer (client, 300ms)
 *     base+20ms   backend  /customer (server, 250ms, region=eu-west, log event=cache-miss)
 * T2  base+1m     frontend GET /dispatch (server, 50ms, http.method=POST, http.status_code=500, error=true)
 * T3  base+2m     backend  /route (server, 2s, region=us-east, log level=warn)
 * T4  base-3h     frontend GET /dispatch (server, 10ms)
 * T5  base+3m     mysql    SELECT (client, 1.5ms, db.type=sql)
 * </pre>
 */
public final class SearchFixtures {

  public static final Instant BASE = Instant.parse("2026-11-21T10:00:00Z");

  public static final long T1 = 0xa1, T2 = 0xa2, T3 = 0xa3, T4 = 0xa4, T5 = 0xa5;

  static final Process FRONTEND =
      process("frontend", str("hostname", "fe-1"), str("ip", "10.0.0.1"));
  static final Process BACKEND_EU =
      process("backend", str("hostname", "be-1"), str("region", "eu-west"));
  static final Process BACKEND_US =
      process("backend", str("hostname", "be-2"), str("region", "us-east"));
  static final Process MYSQL = process("mysql", str("hostname", "db-1"));

  private SearchFixtures() {}

  public static List<Span> all() {
    List<Span> spans = new ArrayList<>();
    spans.add(
        span(T1, 1, 0, FRONTEND, "GET /dispatch", BASE, 500_000)
            .addTags(str("span.kind", "server"))
            .addTags(str("http.method", "GET"))
            .build());
    spans.add(
        span(T1, 2, 1, FRONTEND, "HTTP GET /customer", at(10), 300_000)
            .addTags(str("span.kind", "client"))
            .build());
    spans.add(
        span(T1, 3, 2, BACKEND_EU, "/customer", at(20), 250_000)
            .addTags(str("span.kind", "server"))
            .addLogs(log(at(30), str("event", "cache-miss")))
            .build());
    spans.add(
        span(T2, 1, 0, FRONTEND, "GET /dispatch", BASE.plus(Duration.ofMinutes(1)), 50_000)
            .addTags(str("span.kind", "server"))
            .addTags(str("http.method", "POST"))
            .addTags(int64("http.status_code", 500))
            .addTags(bool("error", true))
            .build());
    spans.add(
        span(T3, 1, 0, BACKEND_US, "/route", BASE.plus(Duration.ofMinutes(2)), 2_000_000)
            .addTags(str("span.kind", "server"))
            .addLogs(log(BASE.plus(Duration.ofMinutes(2)), str("level", "warn")))
            .build());
    spans.add(
        span(T4, 1, 0, FRONTEND, "GET /dispatch", BASE.minus(Duration.ofHours(3)), 10_000)
            .addTags(str("span.kind", "server"))
            .build());
    spans.add(
        span(T5, 1, 0, MYSQL, "SELECT", BASE.plus(Duration.ofMinutes(3)), 1_500)
            .addTags(str("span.kind", "client"))
            .addTags(str("db.type", "sql"))
            .build());
    return spans;
  }

  private static Instant at(long millis) {
    return BASE.plusMillis(millis);
  }
}
