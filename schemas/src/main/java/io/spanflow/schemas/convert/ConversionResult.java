package io.spanflow.schemas.convert;

import io.spanflow.proto.jaeger.Span;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of converting a batch: the spans that converted and the ones rejected one by one, so
 * that a single bad span never sinks its neighbours.
 *
 * @param spans converted spans, each with its process embedded
 * @param rejected spans that could not be converted, in input order
 */
public record ConversionResult(List<Span> spans, List<Rejected> rejected) {

  public ConversionResult {
    spans = List.copyOf(spans);
    rejected = List.copyOf(rejected);
  }

  /** A result with spans and no rejections. */
  public static ConversionResult of(List<Span> spans) {
    return new ConversionResult(spans, List.of());
  }

  /** True if nothing was rejected. */
  public boolean allAccepted() {
    return rejected.isEmpty();
  }

  /**
   * One rejected span.
   *
   * @param reason short stable label fit for a metric tag, e.g. {@code "invalid_trace_id"}
   * @param detail human-readable explanation (ids, lengths, field names)
   */
  public record Rejected(String reason, String detail) {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
