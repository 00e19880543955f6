package io.spanflow.collector.ingest;

/**
 * What happened to a request's spans once Kafka acknowledged the accepted ones; {@code
 * firstRejection} is the detail of the first rejected span, empty when none was rejected.
 */
public record IngestReceipt(int accepted, int rejected, String firstRejection) {
  public IngestReceipt {
    firstRejection = firstRejection == null ? "" : firstRejection;
  }
}
