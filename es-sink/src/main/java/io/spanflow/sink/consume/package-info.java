/**
 * The Kafka side: the consumer loop that feeds the bulk workers, pauses partitions while
 * Elasticsearch lags behind, and commits offsets once their records are stored; and the mapping of
 * each derived topic's records to index actions.
 */
package io.spanflow.sink.consume;
