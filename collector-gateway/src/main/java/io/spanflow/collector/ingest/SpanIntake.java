package io.spanflow.collector.ingest;

import io.spanflow.collector.kafka.DeadLetter;
import io.spanflow.collector.kafka.SpanPublisher;
import io.spanflow.collector.metrics.CollectorMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The one path from decoded spans to a Kafka acknowledgement that every protocol shares: counts
 * what was received and rejected (by format, transport and reason), sends rejections to the
 * dead-letter topic, publishes the rest and completes when Kafka acknowledged them.
 */
public final class SpanIntake {
  private final SpanPublisher publisher;
  private final CollectorMetrics metrics;

  public SpanIntake(SpanPublisher publisher, CollectorMetrics metrics) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Accepts a decoded request. The future completes with a receipt once every accepted span is in
   * Kafka, or exceptionally with an {@link IngestException}.
   */
  public CompletableFuture<IngestReceipt> accept(
      Source source, DecodedSpans decoded, long receivedNanos) {
    metrics.batchSize(source, decoded.total());
    metrics.spansReceived(source, decoded.total());
    if (!decoded.rejections().isEmpty()) {
      List<DeadLetter> letters = new ArrayList<>(decoded.rejections().size());
      for (DecodedSpans.Rejection r : decoded.rejections()) {
        metrics.spansRejected(source, r.reason(), 1);
        letters.add(new DeadLetter(source, r.reason(), r.detail(), r.payload()));
      }
      publisher.deadLetter(letters);
    }
    int rejected = decoded.rejections().size();
    return publisher
        .publish(source, decoded.spans(), receivedNanos)
        .thenApply(ignored -> new IngestReceipt(decoded.spans().size(), rejected));
  }

  /**
   * A request refused as a whole because its body cannot be decoded: counted, kept in the
   * dead-letter topic, and returned as the BAD_REQUEST failure to answer with.
   */
  public IngestException malformed(Source source, String reason, String detail, byte[] body) {
    metrics.requestRefused(source, "400");
    metrics.spansRejected(source, reason, 1);
    publisher.deadLetter(List.of(new DeadLetter(source, reason, detail, body)));
    return IngestException.badRequest(detail);
  }

  /**
   * A request refused as a whole before decoding (size limit, content type): counted under its HTTP
   * status and returned for the reply.
   */
  public IngestException refused(Source source, IngestException e) {
    metrics.requestRefused(source, Integer.toString(e.kind().httpStatus()));
    return e;
  }
}
