/**
 * Zipkin's HTTP API on 9411: {@code POST /api/v2/spans} (JSON, proto3) and {@code /api/v1/spans}
 * (JSON, thrift), gzip accepted.
 */
package io.spanflow.collector.zipkin;
