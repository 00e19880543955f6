package io.spanflow.query.dependencies;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.spanflow.query.http.BadParameterException;
import io.spanflow.query.http.Envelope;
import io.spanflow.query.http.QueryParams;
import io.spanflow.query.storage.DependencyReader;
import io.spanflow.query.storage.ServiceLink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/dependencies?endTs=&lookback=} (both ms; defaults now and 24h, as Jaeger): the
 * links of the window summed per parent/child pair, optionally only those touching {@code service}.
 *
 * <p>Each edge is Jaeger UI's {@code {parent, child, callCount}} plus {@code errorCount}, the
 * failed calls summed the same way; Jaeger UI and Grafana ignore the extra field.
 */
public final class DependenciesHandler {

  static final Duration DEFAULT_LOOKBACK = Duration.ofHours(24);

  private final DependencyReader reader;
  private final Clock clock;

  public DependenciesHandler(DependencyReader reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  public void dependencies(Context ctx) {
    QueryParams p = QueryParams.of(ctx);
    Instant endTs = Instant.ofEpochMilli(p.longValue("endTs", clock.millis()));
    long lookbackMs = p.longValue("lookback", DEFAULT_LOOKBACK.toMillis());
    if (lookbackMs < 0) {
      throw BadParameterException.unparsable("lookback", "must not be negative");
    }
    String service = p.first("service");
    record Edge(String parent, String child) {}
    record Counts(long calls, long errors) {
      Counts plus(Counts o) {
        return new Counts(calls + o.calls, errors + o.errors);
      }
    }
    Map<Edge, Counts> sums =
        new TreeMap<>(Comparator.comparing(Edge::parent).thenComparing(Edge::child));
    for (ServiceLink link : reader.getDependencies(endTs, Duration.ofMillis(lookbackMs))) {
      if (!service.isEmpty() && !service.equals(link.parent()) && !service.equals(link.child())) {
        continue;
      }
      sums.merge(
          new Edge(link.parent(), link.child()),
          new Counts(link.callCount(), link.errorCount()),
          Counts::plus);
    }
    ArrayNode data = JsonNodeFactory.instance.arrayNode();
    sums.forEach(
        (edge, counts) -> {
          ObjectNode o = data.addObject();
          o.put("parent", edge.parent());
          o.put("child", edge.child());
          o.put("callCount", counts.calls());
          o.put("errorCount", counts.errors());
        });
    Envelope.write(ctx, Envelope.of(data, 0));
  }
}
