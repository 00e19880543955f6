package io.spanflow.collector.ingest;

import io.spanflow.collector.kafka.DeadLetter;
import io.spanflow.collector.kafka.SpanPublisher;
import io.spanflow.collector.metrics.CollectorMetrics;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.ids.TraceIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The one path from decoded spans to a Kafka acknowledgement that every protocol shares: counts
 * what was received and rejected (by format, transport and reason), sends rejections to the
 * dead-letter topic, publishes the rest and completes when Kafka acknowledged them. Spans over the
 * span size limit are rejected here one by one, like spans that failed conversion; only a request
 * over a body or message limit is refused as a whole (413).
 */
public final class SpanIntake {
  /** Rejection reason (metric label, dead-letter header) of a span over the span size limit. */
  public static final String SPAN_TOO_LARGE = "span_too_large";

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
    DecodedSpans checked = withoutOversizeSpans(decoded);
    if (!checked.rejections().isEmpty()) {
      List<DeadLetter> letters = new ArrayList<>(checked.rejections().size());
      for (DecodedSpans.Rejection r : checked.rejections()) {
        metrics.spansRejected(source, r.reason(), 1);
        letters.add(new DeadLetter(source, r.reason(), r.detail(), r.payload()));
      }
      publisher.deadLetter(letters);
    }
    int rejected = checked.rejections().size();
    String first = rejected == 0 ? "" : checked.rejections().get(0).detail();
    return publisher
        .publish(source, checked.spans(), receivedNanos)
        .thenApply(ignored -> new IngestReceipt(checked.spans().size(), rejected, first));
  }

  /**
   * Moves spans over the span size limit to the rejections (reason {@value #SPAN_TOO_LARGE}, the
   * span's protobuf bytes as payload), so that one big span does not sink its neighbours. The
   * serialized size is memoized by protobuf, so the publisher does not compute it again.
   */
  private DecodedSpans withoutOversizeSpans(DecodedSpans decoded) {
    long limit = publisher.maxSpanBytes();
    List<Span> spans = decoded.spans();
    int firstBig = -1;
    for (int i = 0; i < spans.size(); i++) {
      if (spans.get(i).getSerializedSize() > limit) {
        firstBig = i;
        break;
      }
    }
    if (firstBig < 0) {
      return decoded;
    }
    List<Span> kept = new ArrayList<>(spans.subList(0, firstBig));
    List<DecodedSpans.Rejection> rejections = new ArrayList<>(decoded.rejections());
    for (int i = firstBig; i < spans.size(); i++) {
      Span span = spans.get(i);
      int size = span.getSerializedSize();
      if (size <= limit) {
        kept.add(span);
        continue;
      }
      rejections.add(
          new DecodedSpans.Rejection(
              SPAN_TOO_LARGE,
              "span "
                  + TraceIds.spanIdToHex(span.getSpanId())
                  + " of trace "
                  + TraceIds.toHex(span.getTraceId())
                  + " (service "
                  + span.getProcess().getServiceName()
                  + ", operation "
                  + span.getOperationName()
                  + ") is "
                  + size
                  + " bytes, over the span size limit of "
                  + limit
                  + "; payload: protobuf jaeger.api_v2.Span",
              span.toByteArray()));
    }
    return new DecodedSpans(kept, rejections);
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
