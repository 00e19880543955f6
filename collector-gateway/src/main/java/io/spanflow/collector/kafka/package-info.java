/**
 * The Kafka side of the collector: {@link io.spanflow.collector.kafka.SpanPublisher} writes one
 * protobuf span per record to {@code jaeger-spans} with an idempotent acks=all producer and
 * completes only when the broker acknowledged every span; rejected input goes to the dead-letter
 * topic with its reason in headers.
 */
package io.spanflow.collector.kafka;
