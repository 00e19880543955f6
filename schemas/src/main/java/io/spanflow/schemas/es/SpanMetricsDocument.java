package io.spanflow.schemas.es;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code spanflow-span-metrics-*} document: RED figures of one service, operation and span kind
 * over one minute (Spanflow's own; Jaeger keeps these in Prometheus).
 *
 * <pre>{@code
 * {"timestamp":1763730000000,"serviceName":"frontend","operationName":"GET /","spanKind":"server",
 *  "callCount":120,"errorCount":3,"durationSumMicros":845000,"durationMinMicros":900,
 *  "durationMaxMicros":52000,"latencyBoundsMicros":[1000,5000,...],"latencyCounts":[10,40,...]}
 * }</pre>
 *
 * {@code latencyCounts[i]} counts calls with {@code duration <= latencyBoundsMicros[i]} and above
 * the previous bound; the last count (one more than the bounds) holds the rest.
 */
public record SpanMetricsDocument(
    Instant timestamp,
    String serviceName,
    String operationName,
    String spanKind,
    long callCount,
    long errorCount,
    long durationSumMicros,
    long durationMinMicros,
    long durationMaxMicros,
    List<Long> latencyBoundsMicros,
    List<Long> latencyCounts) {

  public static final String TIMESTAMP = "timestamp";
  public static final String SERVICE_NAME = "serviceName";
  public static final String OPERATION_NAME = "operationName";
  public static final String SPAN_KIND = "spanKind";
  public static final String CALL_COUNT = "callCount";
  public static final String ERROR_COUNT = "errorCount";
  public static final String DURATION_SUM_MICROS = "durationSumMicros";
  public static final String DURATION_MIN_MICROS = "durationMinMicros";
  public static final String DURATION_MAX_MICROS = "durationMaxMicros";
  public static final String LATENCY_BOUNDS_MICROS = "latencyBoundsMicros";
  public static final String LATENCY_COUNTS = "latencyCounts";

  public SpanMetricsDocument {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(operationName, "operationName");
    spanKind = spanKind == null ? "" : spanKind;
    latencyBoundsMicros = List.copyOf(latencyBoundsMicros);
    latencyCounts = List.copyOf(latencyCounts);
  }

  public String documentId() {
    return DocumentIds.spanMetricsId(timestamp, serviceName, operationName, spanKind);
  }

  public ObjectNode toJson() {
    ObjectNode doc =
        JsonNodeFactory.instance
            .objectNode()
            .put(TIMESTAMP, timestamp.toEpochMilli())
            .put(SERVICE_NAME, serviceName)
            .put(OPERATION_NAME, operationName)
            .put(SPAN_KIND, spanKind)
            .put(CALL_COUNT, callCount)
            .put(ERROR_COUNT, errorCount)
            .put(DURATION_SUM_MICROS, durationSumMicros)
            .put(DURATION_MIN_MICROS, durationMinMicros)
            .put(DURATION_MAX_MICROS, durationMaxMicros);
    ArrayNode bounds = doc.putArray(LATENCY_BOUNDS_MICROS);
    latencyBoundsMicros.forEach(bounds::add);
    ArrayNode counts = doc.putArray(LATENCY_COUNTS);
    latencyCounts.forEach(counts::add);
    return doc;
  }

  public static SpanMetricsDocument fromJson(JsonNode doc) {
    return new SpanMetricsDocument(
        Instant.ofEpochMilli(doc.path(TIMESTAMP).asLong()),
        doc.path(SERVICE_NAME).asText(""),
        doc.path(OPERATION_NAME).asText(""),
        doc.path(SPAN_KIND).asText(""),
        doc.path(CALL_COUNT).asLong(),
        doc.path(ERROR_COUNT).asLong(),
        doc.path(DURATION_SUM_MICROS).asLong(),
        doc.path(DURATION_MIN_MICROS).asLong(),
        doc.path(DURATION_MAX_MICROS).asLong(),
        longs(doc.path(LATENCY_BOUNDS_MICROS)),
        longs(doc.path(LATENCY_COUNTS)));
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> out = new ArrayList<>(array.size());
    array.forEach(n -> out.add(n.asLong()));
    return out;
  }
}
