package io.spanflow.tracegen.load;

/** The trace-lookup API that the send → searchable probe polls. */
public enum ProbeApi {
  /** Jaeger's {@code GET /api/traces?traceID=a&traceID=b}: {@code {"data":[{"spans":[..]}]}}. */
  JAEGER,
  /** Zipkin's {@code GET /api/v2/traceMany?traceIds=a,b}: an array of span arrays. */
  ZIPKIN
}
