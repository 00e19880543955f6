package io.spanflow.agent.reporter;

import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.spanflow.proto.jaeger.CollectorServiceGrpc;
import io.spanflow.proto.jaeger.PostSpansResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@code jaeger.api_v2.CollectorService/PostSpans} on the next collector with a request that
 * is already serialized (the generated stub would need a {@code PostSpansRequest} object).
 */
public final class GrpcBatchSender implements BatchSender {
  private static final MethodDescriptor<byte[], PostSpansResponse> POST_SPANS =
      CollectorServiceGrpc.getPostSpansMethod().toBuilder(
              new RawBytesMarshaller(),
              ProtoUtils.marshaller(PostSpansResponse.getDefaultInstance()))
          .build();

  private final CollectorChannels collectors;
  private final Duration timeout;

  public GrpcBatchSender(CollectorChannels collectors, Duration timeout) {
    this.collectors = Objects.requireNonNull(collectors, "collectors");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public void send(EncodedBatch batch) {
    ClientCalls.blockingUnaryCall(
        collectors.next(),
        POST_SPANS,
        CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS),
        batch.requestBytes());
  }

  private static final class RawBytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
