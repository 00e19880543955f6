package io.spanflow.processor.testing;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.es.DocumentIds;
import io.spanflow.schemas.ids.TraceIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Realistic traces of a small shop (frontend → api → auth, postgres via {@code peer.service},
 * sometimes pricing) with what the topology must make of them written down as they are built: the
 * service edges with their error flags, and the RED series of each span. The failover test and the
 * benchmark both use them, so their expected figures never come from the code under test.
 *
 * <pre>
 * frontend SERVER op(t)                       root
 *   frontend CLIENT GET /api/orders
 *     api SERVER GET /api/orders              edge frontend → api (error when t % 10 == 0)
 *       api CLIENT POST /auth/verify
 *         auth SERVER POST /auth/verify       edge api → auth
 *       api CLIENT SELECT orders               edge api → postgres (peer.service leaf; error when t % 7 == 0)
 *       api INTERNAL render                    self call: no edge
 *       [t % 3 == 0] api CLIENT GET /pricing
 *         pricing SERVER GET /pricing          edge api → pricing (HTTP 503 when t % 6 == 0)
 * </pre>
 */
public final class SyntheticTraces {

  private static final String[] ROOT_OPERATIONS = {
    "GET /checkout", "GET /cart", "POST /order", "GET /home"
  };

  private SyntheticTraces() {}

  /** A call or error tally key: {@code parent->child} or {@code service|operation|kind}. */
  public record Tally(String key, boolean error) {}

  /** One trace: its spans (with process) and what the topology must count for it. */
  public record Trace(ByteString traceId, List<Span> spans, List<Tally> edges, List<Tally> series) {

    /** The ES document ids of the spans, as the index stage keys them. */
    public List<String> documentIds() {
      return spans.stream().map(DocumentIds::spanDocumentId).toList();
    }
  }

  /** Calls and errors. */
  public record Counts(long calls, long errors) {
    Counts add(boolean error) {
      return new Counts(calls + 1, errors + (error ? 1 : 0));
    }
  }

  /** Trace number {@code t} (≥ 1) of run {@code run}, its spans starting at {@code base}. */
  public static Trace trace(long run, long t, Instant base) {
    ByteString traceId = TraceIds.traceId(run, t);
    List<Span> spans = new ArrayList<>();
    List<Tally> edges = new ArrayList<>();
    List<Tally> series = new ArrayList<>();
    long micros = 1_000 + (t % 97) * 37;
    String rootOp = ROOT_OPERATIONS[(int) (t % ROOT_OPERATIONS.length)];
    boolean apiError = t % 10 == 0;
    boolean dbError = t % 7 == 0;
    boolean pricing = t % 3 == 0;
    boolean pricingError = t % 6 == 0;

    add(
        spans,
        series,
        node(traceId, t, 1, 0, "frontend", rootOp, "server", base, 0, micros * 20),
        false);
    add(
        spans,
        series,
        node(traceId, t, 2, 1, "frontend", "GET /api/orders", "client", base, 1, micros * 18),
        false);
    TestSpans api =
        node(traceId, t, 3, 2, "api", "GET /api/orders", "server", base, 2, micros * 16);
    if (apiError) {
      api.tag("error", true);
    }
    add(spans, series, api, apiError);
    edges.add(new Tally("frontend->api", apiError));
    add(
        spans,
        series,
        node(traceId, t, 4, 3, "api", "POST /auth/verify", "client", base, 3, micros * 4),
        false);
    add(
        spans,
        series,
        node(traceId, t, 5, 4, "auth", "POST /auth/verify", "server", base, 4, micros * 3),
        false);
    edges.add(new Tally("api->auth", false));
    TestSpans db =
        node(traceId, t, 6, 3, "api", "SELECT orders", "client", base, 8, micros * 5)
            .tag("peer.service", "postgres");
    if (dbError) {
      db.tag("otel.status_code", "ERROR");
    }
    add(spans, series, db, dbError);
    edges.add(new Tally("api->postgres", dbError));
    add(
        spans,
        series,
        node(traceId, t, 7, 3, "api", "render", "internal", base, 14, micros),
        false);
    if (pricing) {
      add(
          spans,
          series,
          node(traceId, t, 8, 3, "api", "GET /pricing", "client", base, 15, micros * 2),
          false);
      TestSpans price =
          node(traceId, t, 9, 8, "pricing", "GET /pricing", "server", base, 16, micros)
              .tag("http.status_code", pricingError ? 503L : 200L);
      add(spans, series, price, pricingError);
      edges.add(new Tally("api->pricing", pricingError));
    }
    return new Trace(traceId, List.copyOf(spans), List.copyOf(edges), List.copyOf(series));
  }

  /** Totals per key over the traces. */
  public static Map<String, Counts> totals(Collection<Trace> traces, boolean edges) {
    Map<String, Counts> totals = new TreeMap<>();
    for (Trace trace : traces) {
      for (Tally tally : edges ? trace.edges() : trace.series()) {
        totals.merge(
            tally.key(), new Counts(1, tally.error() ? 1 : 0), (a, b) -> a.add(tally.error()));
      }
    }
    return totals;
  }

  private static TestSpans node(
      ByteString traceId,
      long t,
      long id,
      long parent,
      String service,
      String operation,
      String kind,
      Instant base,
      long offsetMillis,
      long durationMicros) {
    TestSpans s = TestSpans.span(t, id);
    s.builder().setTraceId(traceId);
    s.service(service)
        .operation(operation)
        .kind(kind)
        .start(base.plusMillis(offsetMillis))
        .durationMicros(durationMicros)
        .tag("host.name", service + "-" + (t % 3));
    if (parent != 0) {
      s.parent(parent);
    }
    return s;
  }

  private static void add(List<Span> spans, List<Tally> series, TestSpans s, boolean error) {
    Span span = s.build();
    spans.add(span);
    String kind =
        span.getTagsList().stream()
            .filter(kv -> kv.getKey().equals("span.kind"))
            .findFirst()
            .orElseThrow()
            .getVStr();
    series.add(
        new Tally(
            span.getProcess().getServiceName() + "|" + span.getOperationName() + "|" + kind,
            error));
  }
}
