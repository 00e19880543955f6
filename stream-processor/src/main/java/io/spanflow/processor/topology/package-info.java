/** The Kafka Streams topology, built as a pure function of {@code ProcessorConfig}. */
package io.spanflow.processor.topology;
