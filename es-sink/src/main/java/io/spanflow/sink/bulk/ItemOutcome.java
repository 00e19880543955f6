package io.spanflow.sink.bulk;

/**
 * What Elasticsearch said about one action of a bulk.
 *
 * @param status HTTP status of the item (or of the whole request when it failed as a whole)
 * @param errorType ES error type, e.g. {@code mapper_parsing_exception}; null on success
 * @param reason ES error reason; null on success
 */
public record ItemOutcome(
    BulkAction action, Disposition disposition, int status, String errorType, String reason) {

  /** What the sink does next with the action. */
  public enum Disposition {
    /** Stored. */
    INDEXED,
    /**
     * Not stored yet, may succeed later (429, 5xx, timeout, cluster block, a missing index or write
     * alias that an operator can create): retry.
     */
    RETRY,
    /** Refused for good (a 4xx such as a mapping error): dead-letter. */
    REJECTED
  }

  /** Whether Elasticsearch may accept a later attempt of an item that failed like this. */
  public static Disposition classify(int status, String errorType) {
    if (status >= 200 && status < 300) {
      return Disposition.INDEXED;
    }
    if (status == 429
        || status >= 500
        || status == 408
        || "cluster_block_exception".equals(errorType)
        // No such index/alias (rollover mode before 'rollover init', or auto-create disabled):
        // not the document's fault, and it lands once the operator fixes the cluster.
        || (status == 404 && "index_not_found_exception".equals(errorType))) {
      return Disposition.RETRY;
    }
    return Disposition.REJECTED;
  }
}
