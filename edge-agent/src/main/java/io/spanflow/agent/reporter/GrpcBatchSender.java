package io.spanflow.agent.reporter;

import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.CollectorServiceGrpc;
import io.spanflow.proto.jaeger.PostSpansRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Sends a batch with {@code jaeger.api_v2.CollectorService/PostSpans} to the next collector. */
public final class GrpcBatchSender implements BatchSender {
  private final CollectorChannels collectors;
  private final Duration timeout;

  public GrpcBatchSender(CollectorChannels collectors, Duration timeout) {
    this.collectors = Objects.requireNonNull(collectors, "collectors");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public void send(Batch batch) {
    CollectorServiceGrpc.newBlockingStub(collectors.next())
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .postSpans(PostSpansRequest.newBuilder().setBatch(batch).build());
  }
}
