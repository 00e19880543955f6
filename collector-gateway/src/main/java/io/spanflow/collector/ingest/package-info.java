/**
 * What every protocol handler shares: where spans came from ({@link
 * io.spanflow.collector.ingest.Source}), the path from decoded spans to a Kafka acknowledgement
 * ({@link io.spanflow.collector.ingest.SpanIntake}) and the failures that map to HTTP and gRPC
 * status codes ({@link io.spanflow.collector.ingest.IngestException}).
 */
package io.spanflow.collector.ingest;
