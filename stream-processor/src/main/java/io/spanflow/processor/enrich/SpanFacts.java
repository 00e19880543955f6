package io.spanflow.processor.enrich;

/**
 * Derived fields of one span, for search and analytics. Serialized as the {@code spanflow} object
 * of the indexed span document (see the module README).
 *
 * @param traceId lowercase hex, Jaeger's rule
 * @param spanId 16 hex chars
 * @param parentSpanId 16 hex chars, or empty for a root span
 * @param serviceName the process's service name as sent
 * @param operationName as sent
 * @param spanKind client, server, producer, consumer, internal, or empty when unknown
 * @param error from {@code error=true}, {@code otel.status_code=ERROR} or an HTTP 5xx status
 * @param role {@code root} (no parent reference) or {@code child}
 * @param normalizedService trimmed, lowercase
 * @param normalizedOperation trimmed, whitespace collapsed, query string dropped, id-like path
 *     segments replaced by {id}
 * @param peerService the {@code peer.service} tag, or empty
 * @param startMillis span start, epoch milliseconds
 * @param durationMicros span duration in microseconds
 */
public record SpanFacts(
    String traceId,
    String spanId,
    String parentSpanId,
    String serviceName,
    String operationName,
    String spanKind,
    boolean error,
    String role,
    String normalizedService,
    String normalizedOperation,
    String peerService,
    long startMillis,
    long durationMicros) {

  public static final String ROOT = "root";
  public static final String CHILD = "child";

  public boolean isRoot() {
    return ROOT.equals(role);
  }
}
