package io.spanflow.collector.otlp;

import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.spanflow.collector.ingest.IngestException;
import io.spanflow.collector.ingest.Source;
import io.spanflow.collector.ingest.SpanIntake;
import java.util.Objects;

/** {@code opentelemetry.proto.collector.trace.v1.TraceService/Export} over gRPC (4317). */
public final class OtlpGrpcService extends TraceServiceGrpc.TraceServiceImplBase {
  private final SpanIntake intake;

  public OtlpGrpcService(SpanIntake intake) {
    this.intake = Objects.requireNonNull(intake, "intake");
  }

  @Override
  public void export(
      ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
    long received = System.nanoTime();
    OtlpExport.export(intake, Source.OTLP_GRPC, request, received)
        .whenComplete(
            (reply, error) -> {
              if (error != null) {
                response.onError(IngestException.from(error).toGrpc());
              } else {
                response.onNext(reply);
                response.onCompleted();
              }
            });
  }
}
