package io.spanflow.collector.ingest;

/** What happened to a request's spans once Kafka acknowledged the accepted ones. */
public record IngestReceipt(int accepted, int rejected) {}
