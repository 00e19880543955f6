/**
 * The embedded HTTP server that the HTTP protocols (Jaeger thrift 14268, Zipkin 9411, OTLP 4318)
 * run on, and bounded request-body reading (size limits, gzip).
 */
package io.spanflow.collector.http;
