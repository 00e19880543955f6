package io.spanflow.schemas.kafka;

/** Default names of the Kafka topics Spanflow reads and writes. */
public final class Topics {

  /** Raw spans, one protobuf {@code jaeger.api_v2.Span} per record, key = trace id hex. */
  public static final String JAEGER_SPANS = "jaeger-spans";

  /** Records of {@link #JAEGER_SPANS} that failed to decode or validate. */
  public static final String SPANS_DLQ = "spanflow.spans.dlq";

  /** Validated, deduplicated, enriched spans ready to index. */
  public static final String SPANS_INDEXED = "spanflow.spans.indexed";

  /** Compacted service / operation pairs. */
  public static final String SERVICE_OPERATIONS = "spanflow.service-operations";

  /** Streaming service dependency graph. */
  public static final String DEPENDENCY_LINKS = "spanflow.dependency-links";

  /** RED metrics per service, operation and minute. */
  public static final String SPAN_METRICS = "spanflow.span-metrics";

  /** Documents Elasticsearch refused. */
  public static final String ES_DLQ = "spanflow.es.dlq";

  private Topics() {}
}
