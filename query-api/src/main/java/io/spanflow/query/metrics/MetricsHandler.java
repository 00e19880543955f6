package io.spanflow.query.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.spanflow.query.http.BadParameterException;
import io.spanflow.query.http.Envelope;
import io.spanflow.query.http.NotImplementedException;
import io.spanflow.query.http.QueryParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * The Monitor tab API with Jaeger's parameters (ms units; defaults: endTs now, lookback 1h, step
 * 5s, ratePer 10m, spanKind SPAN_KIND_SERVER) and its {@code MetricFamily} JSON. Without a metrics
 * reader every endpoint answers 501, as Jaeger with metrics storage disabled.
 */
public final class MetricsHandler {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Set<String> SPAN_KINDS =
      Set.of(
          "SPAN_KIND_UNSPECIFIED",
          "SPAN_KIND_INTERNAL",
          "SPAN_KIND_SERVER",
          "SPAN_KIND_CLIENT",
          "SPAN_KIND_PRODUCER",
          "SPAN_KIND_CONSUMER");

  private final MetricsReader reader;
  private final Clock clock;

  /**
   * @param reader null when metrics are not configured
   */
  public MetricsHandler(MetricsReader reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  public void calls(Context ctx) {
    MetricsQuery q = parse(QueryParams.of(ctx));
    Envelope.write(ctx, toJson(reader().callRates(q)));
  }

  public void errors(Context ctx) {
    MetricsQuery q = parse(QueryParams.of(ctx));
    Envelope.write(ctx, toJson(reader().errorRates(q)));
  }

  public void latencies(Context ctx) {
    QueryParams p = QueryParams.of(ctx);
    double quantile;
    try {
      quantile = Double.parseDouble(p.first("quantile"));
    } catch (NumberFormatException e) {
      throw BadParameterException.unparsable(
          "quantile",
          "strconv.ParseFloat: parsing \"" + p.first("quantile") + "\": invalid syntax");
    }
    if (!(quantile > 0 && quantile <= 1)) {
      throw BadParameterException.unparsable("quantile", "must be in (0, 1]");
    }
    MetricsQuery q = parse(p);
    Envelope.write(ctx, toJson(reader().latencies(q, quantile)));
  }

  public void minStep(Context ctx) {
    Envelope.write(ctx, Envelope.of(JSON.numberNode(reader().minStep().toMillis()), 0));
  }

  private MetricsReader reader() {
    if (reader == null) {
      throw new NotImplementedException("metrics querying is currently disabled");
    }
    return reader;
  }

  MetricsQuery parse(QueryParams p) {
    List<String> services = p.all("service");
    if (!p.has("service") || services.isEmpty()) {
      throw BadParameterException.unparsable("service", "please provide at least one service name");
    }
    boolean groupByOperation = false;
    String g = p.first("groupByOperation");
    if (!g.isEmpty()) {
      groupByOperation = parseGoBool("groupByOperation", g);
    }
    List<String> kinds = p.has("spanKind") ? p.all("spanKind") : List.of("SPAN_KIND_SERVER");
    for (String kind : kinds) {
      if (!SPAN_KINDS.contains(kind)) {
        throw BadParameterException.unparsable("spanKind", "unsupported span kind: '" + kind + "'");
      }
    }
    Instant endTs = Instant.ofEpochMilli(p.longValue("endTs", clock.millis()));
    Duration lookback = Duration.ofMillis(p.longValue("lookback", 3_600_000L));
    Duration step = Duration.ofMillis(p.longValue("step", 5_000L));
    Duration ratePer = Duration.ofMillis(p.longValue("ratePer", 600_000L));
    if (step.isZero() || step.isNegative()) {
      throw BadParameterException.unparsable("step", "must be positive");
    }
    if (lookback.isNegative()) {
      throw BadParameterException.unparsable("lookback", "must not be negative");
    }
    return new MetricsQuery(services, groupByOperation, kinds, endTs, lookback, step, ratePer);
  }

  private static boolean parseGoBool(String name, String v) {
    return switch (v) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default ->
          throw BadParameterException.unparsable(
              name, "strconv.ParseBool: parsing \"" + v + "\": invalid syntax");
    };
  }

  /** Jaeger writes the MetricFamily itself, not an envelope. */
  static ObjectNode toJson(MetricFamily family) {
    ObjectNode root = JSON.objectNode();
    root.put("name", family.name());
    root.put("type", "GAUGE");
    root.put("help", family.help());
    ArrayNode metrics = root.putArray("metrics");
    for (MetricFamily.Series series : family.metrics()) {
      ObjectNode m = metrics.addObject();
      ArrayNode labels = m.putArray("labels");
      for (MetricFamily.Label l : series.labels()) {
        labels.addObject().put("name", l.name()).put("value", l.value());
      }
      ArrayNode points = m.putArray("metricPoints");
      for (MetricFamily.Point pt : series.points()) {
        ObjectNode point = points.addObject();
        ObjectNode gauge = point.putObject("gaugeValue");
        if (Double.isNaN(pt.value()) || Double.isInfinite(pt.value())) {
          // protobuf JSON spells these as strings: "NaN", "Infinity", "-Infinity"
          gauge.put("doubleValue", Double.toString(pt.value()));
        } else {
          gauge.put("doubleValue", pt.value());
        }
        point.put("timestamp", pt.timestamp().truncatedTo(ChronoUnit.MILLIS).toString());
      }
    }
    return root;
  }
}
