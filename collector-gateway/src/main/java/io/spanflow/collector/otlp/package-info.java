/**
 * OTLP trace ingest: gRPC {@code TraceService/Export} (4317) and HTTP {@code POST /v1/traces}
 * (4318).
 */
package io.spanflow.collector.otlp;
