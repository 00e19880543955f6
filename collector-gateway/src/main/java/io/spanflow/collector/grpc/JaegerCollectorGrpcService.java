package io.spanflow.collector.grpc;

import io.grpc.stub.StreamObserver;
import io.spanflow.collector.ingest.DecodedSpans;
import io.spanflow.collector.ingest.IngestException;
import io.spanflow.collector.ingest.Source;
import io.spanflow.collector.ingest.SpanIntake;
import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.CollectorServiceGrpc;
import io.spanflow.proto.jaeger.PostSpansRequest;
import io.spanflow.proto.jaeger.PostSpansResponse;
import io.spanflow.proto.jaeger.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code jaeger.api_v2.CollectorService/PostSpans}, as the edge-agent and OTel's Jaeger exporter
 * call it. Replies only after Kafka acknowledged every span.
 */
public final class JaegerCollectorGrpcService
    extends CollectorServiceGrpc.CollectorServiceImplBase {
  private final SpanIntake intake;

  public JaegerCollectorGrpcService(SpanIntake intake) {
    this.intake = Objects.requireNonNull(intake, "intake");
  }

  @Override
  public void postSpans(PostSpansRequest request, StreamObserver<PostSpansResponse> response) {
    long received = System.nanoTime();
    List<Span> spans = withProcess(request.getBatch());
    intake
        .accept(Source.JAEGER_GRPC, DecodedSpans.of(spans), received)
        .whenComplete(
            (receipt, error) -> {
              if (error != null) {
                response.onError(IngestException.from(error).toGrpc());
              } else {
                response.onNext(PostSpansResponse.getDefaultInstance());
                response.onCompleted();
              }
            });
  }

  /**
   * Embeds the batch's process into spans that have none: a record on jaeger-spans must stand on
   * its own. A span's own process wins, as in Jaeger.
   */
  static List<Span> withProcess(Batch batch) {
    List<Span> out = new ArrayList<>(batch.getSpansCount());
    for (Span span : batch.getSpansList()) {
      if (!span.hasProcess() && batch.hasProcess()) {
        out.add(span.toBuilder().setProcess(batch.getProcess()).build());
      } else {
        out.add(span);
      }
    }
    return out;
  }
}
