package io.spanflow.tracegen.send;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.CollectorServiceGrpc;
import io.spanflow.proto.jaeger.PostSpansRequest;
import io.spanflow.proto.jaeger.Span;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Jaeger's {@code CollectorService/PostSpans} (14250) or OTLP's {@code TraceService/Export} (4317)
 * over plaintext gRPC. RESOURCE_EXHAUSTED is backpressure, UNAVAILABLE and DEADLINE_EXCEEDED are
 * worth a retry, anything else refuses the request.
 */
final class GrpcSender implements SpanSender {
  private static final long DEADLINE_SECONDS = 10;

  private final ManagedChannel channel;
  private final BiConsumer<ManagedChannel, List<Span>> call;

  private GrpcSender(String hostPort, BiConsumer<ManagedChannel, List<Span>> call) {
    this.channel =
        NettyChannelBuilder.forTarget(hostPort)
            .usePlaintext()
            .maxInboundMessageSize(16 * 1024 * 1024)
            .build();
    this.call = call;
  }

  static GrpcSender jaeger(String hostPort) {
    return new GrpcSender(
        hostPort,
        (channel, spans) ->
            CollectorServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .postSpans(
                    PostSpansRequest.newBuilder()
                        // Each span carries its own process, so one request holds every service.
                        .setBatch(Batch.newBuilder().addAllSpans(spans))
                        .build()));
  }

  static GrpcSender otlp(String hostPort) {
    return new GrpcSender(
        hostPort,
        (channel, spans) ->
            TraceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .export(OtlpEncoding.request(spans)));
  }

  @Override
  public Outcome send(List<Span> spans) {
    try {
      call.accept(channel, spans);
      return Outcome.ACCEPTED;
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      String detail = status.getCode() + " " + status.getDescription();
      return switch (status.getCode()) {
        case RESOURCE_EXHAUSTED -> Outcome.backpressure(detail);
        case UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED -> Outcome.unavailable(detail);
        default -> Outcome.rejected(detail);
      };
    }
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
