/**
 * Spanflow's stream processor: a Kafka Streams app that validates, deduplicates and enriches the
 * spans of {@code jaeger-spans} and derives the indexed spans, the service catalog, the service
 * dependency graph and RED metrics. {@link io.spanflow.processor.StreamProcessorMain} only wires.
 */
package io.spanflow.processor;
