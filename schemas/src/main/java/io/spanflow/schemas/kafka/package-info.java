/**
 * Kafka record formats: topic names and the serdes for {@code jaeger.api_v2.Span} records (protobuf
 * bytes, as Jaeger's own collector writes them to {@code jaeger-spans}).
 */
package io.spanflow.schemas.kafka;
