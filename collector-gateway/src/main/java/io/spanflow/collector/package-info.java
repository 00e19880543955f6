/**
 * The collector gateway: every span ingest protocol (Jaeger gRPC and thrift over HTTP, Zipkin,
 * OTLP) into one canonical span per Kafka record on {@code jaeger-spans}, plus sampling strategies.
 * Each feature has its own package; {@link io.spanflow.collector.CollectorGatewayMain} only wires
 * them.
 */
package io.spanflow.collector;
