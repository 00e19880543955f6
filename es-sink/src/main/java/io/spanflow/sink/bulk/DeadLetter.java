package io.spanflow.sink.bulk;

/**
 * A record Elasticsearch refused for good, or that could not be turned into a document.
 *
 * @param status HTTP status from ES, or 0 when the record never reached ES
 * @param errorType ES error type, or the sink's own reason (e.g. {@code missing_key})
 * @param reason human-readable detail
 */
public record DeadLetter(BulkAction action, int status, String errorType, String reason) {

  /** Metric label: the error type, or {@code unknown}. */
  public String reasonLabel() {
    return errorType == null ? "unknown" : errorType;
  }
}
