package io.spanflow.collector.ingest;

import java.util.Objects;

/**
 * Where a batch of spans came from, as Jaeger's collector labels its metrics: the {@code format}
 * (jaeger, zipkin, otlp) and the {@code transport} (grpc, http).
 */
public record Source(String format, String transport) {
  public static final Source JAEGER_GRPC = new Source("jaeger", "grpc");
  public static final Source JAEGER_HTTP = new Source("jaeger", "http");
  public static final Source ZIPKIN_HTTP = new Source("zipkin", "http");
  public static final Source OTLP_GRPC = new Source("otlp", "grpc");
  public static final Source OTLP_HTTP = new Source("otlp", "http");

  public Source {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(transport, "transport");
  }
}
