/**
 * The es-sink: consumes the derived topics the stream-processor writes and bulk-loads them into
 * Elasticsearch in Jaeger's layout, committing Kafka offsets only after Elasticsearch accepted
 * every document they cover (Jaeger's ingester role).
 */
package io.spanflow.sink;
