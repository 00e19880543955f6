package io.spanflow.sink.consume;

import io.spanflow.schemas.es.IndexFamily;
import io.spanflow.schemas.kafka.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The topics the sink reads (one per {@link IndexFamily}) and its dead-letter topic. */
public record SinkTopics(
    String spans,
    String serviceOperations,
    String dependencyLinks,
    String spanMetrics,
    String dlq) {

  public SinkTopics {
    Objects.requireNonNull(spans, "spans");
    Objects.requireNonNull(serviceOperations, "serviceOperations");
    Objects.requireNonNull(dependencyLinks, "dependencyLinks");
    Objects.requireNonNull(spanMetrics, "spanMetrics");
    Objects.requireNonNull(dlq, "dlq");
  }

  public static SinkTopics defaults() {
    return new SinkTopics(
        Topics.SPANS_INDEXED,
        Topics.SERVICE_OPERATIONS,
        Topics.DEPENDENCY_LINKS,
        Topics.SPAN_METRICS,
        Topics.ES_DLQ);
  }

  /** Input topic → the index family its records go to. */
  public Map<String, IndexFamily> inputs() {
    Map<String, IndexFamily> m = new LinkedHashMap<>();
    m.put(spans, IndexFamily.SPAN);
    m.put(serviceOperations, IndexFamily.SERVICE);
    m.put(dependencyLinks, IndexFamily.DEPENDENCIES);
    m.put(spanMetrics, IndexFamily.SPAN_METRICS);
    return m;
  }
}
