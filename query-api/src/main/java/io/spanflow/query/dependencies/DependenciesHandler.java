package io.spanflow.query.dependencies;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.spanflow.proto.jaeger.DependencyLink;
import io.spanflow.query.http.BadParameterException;
import io.spanflow.query.http.Envelope;
import io.spanflow.query.http.QueryParams;
import io.spanflow.query.storage.DependencyReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/dependencies?endTs=&lookback=} (both ms; defaults now and 24h, as Jaeger): the
 * links of the window summed per parent/child pair, optionally only those touching {@code service}.
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
    Map<Edge, Long> sums =
        new TreeMap<>(java.util.Comparator.comparing(Edge::parent).thenComparing(Edge::child));
    for (DependencyLink link : reader.getDependencies(endTs, Duration.ofMillis(lookbackMs))) {
      if (!service.isEmpty()
          && !service.equals(link.getParent())
          && !service.equals(link.getChild())) {
        continue;
      }
      sums.merge(new Edge(link.getParent(), link.getChild()), link.getCallCount(), Long::sum);
    }
    ArrayNode data = JsonNodeFactory.instance.arrayNode();
    sums.forEach(
        (edge, calls) -> {
          ObjectNode o = data.addObject();
          o.put("parent", edge.parent());
          o.put("child", edge.child());
          o.put("callCount", calls);
        });
    Envelope.write(ctx, Envelope.of(data, 0));
  }
}
