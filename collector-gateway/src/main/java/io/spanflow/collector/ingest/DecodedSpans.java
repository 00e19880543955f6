package io.spanflow.collector.ingest;

import io.spanflow.proto.jaeger.Span;
import io.spanflow.schemas.convert.ConversionResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a protocol handler decoded from one request: the spans to publish and the spans rejected one
 * by one (each with the bytes it came from, when they are known).
 */
public record DecodedSpans(List<Span> spans, List<Rejection> rejections) {
  public DecodedSpans {
    spans = List.copyOf(spans);
    rejections = List.copyOf(rejections);
  }

  public static DecodedSpans of(List<Span> spans) {
    return new DecodedSpans(spans, List.of());
  }

  /** From a schemas converter's result; the rejection detail doubles as dead-letter payload. */
  public static DecodedSpans from(ConversionResult result) {
    List<Rejection> rejections = new ArrayList<>(result.rejected().size());
    for (ConversionResult.Rejected r : result.rejected()) {
      rejections.add(
          new Rejection(r.reason(), r.detail(), r.detail().getBytes(StandardCharsets.UTF_8)));
    }
    return new DecodedSpans(result.spans(), rejections);
  }

  public int total() {
    return spans.size() + rejections.size();
  }

  /** One rejected span: a short reason (a metric label), a detail, and the offending bytes. */
  public record Rejection(String reason, String detail, byte[] payload) {
    public Rejection {
      Objects.requireNonNull(reason, "reason");
      detail = detail == null ? "" : detail;
      payload = payload == null ? new byte[0] : payload;
    }
  }
}
