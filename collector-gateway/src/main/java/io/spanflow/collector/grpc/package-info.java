/**
 * The gRPC listeners (Jaeger 14250, OTLP 4317) and {@code
 * jaeger.api_v2.CollectorService/PostSpans}.
 */
package io.spanflow.collector.grpc;
