package io.spanflow.collector.otlp;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.spanflow.collector.ingest.DecodedSpans;
import io.spanflow.collector.ingest.Source;
import io.spanflow.collector.ingest.SpanIntake;
import io.spanflow.schemas.otlp.OtlpSpanConverter;
import java.util.concurrent.CompletableFuture;

/** Converts an OTLP export request and publishes it; shared by the gRPC and HTTP endpoints. */
final class OtlpExport {
  private OtlpExport() {}

  static CompletableFuture<ExportTraceServiceResponse> export(
      SpanIntake intake, Source source, ExportTraceServiceRequest request, long receivedNanos) {
    DecodedSpans decoded;
    try {
      decoded = DecodedSpans.from(OtlpSpanConverter.convert(request));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          intake.malformed(
              source,
              "conversion_failed",
              "cannot convert the OTLP request: " + e.getMessage(),
              request.toByteArray()));
    }
    return intake
        .accept(source, decoded, receivedNanos)
        .thenApply(
            receipt -> {
              ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
              if (receipt.rejected() > 0) {
                response.setPartialSuccess(
                    ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(receipt.rejected())
                        .setErrorMessage(
                            receipt.rejected() + " spans rejected: " + receipt.firstRejection()));
              }
              return response.build();
            });
  }
}
