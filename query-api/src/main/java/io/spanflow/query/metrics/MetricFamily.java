package io.spanflow.query.metrics;

import java.time.Instant;
import java.util.List;

/** Jaeger's {@code MetricFamily}: named series of gauge points, each series with labels. */
public record MetricFamily(String name, String help, List<Series> metrics) {

  public MetricFamily {
    metrics = List.copyOf(metrics);
  }

  /** One labelled series. */
  public record Series(List<Label> labels, List<Point> points) {
    public Series {
      labels = List.copyOf(labels);
      points = List.copyOf(points);
    }
  }

  /** A label; Jaeger uses {@code service_name} and {@code operation}. */
  public record Label(String name, String value) {}

  /** One gauge point. */
  public record Point(Instant timestamp, double value) {}
}
