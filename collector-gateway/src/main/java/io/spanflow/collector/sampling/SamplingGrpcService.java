package io.spanflow.collector.sampling;

import io.grpc.stub.StreamObserver;
import io.spanflow.proto.jaeger.SamplingManagerGrpc;
import io.spanflow.proto.jaeger.SamplingStrategyParameters;
import io.spanflow.proto.jaeger.SamplingStrategyResponse;
import java.util.Objects;

/** {@code jaeger.api_v2.SamplingManager/GetSamplingStrategy} over gRPC. */
public final class SamplingGrpcService extends SamplingManagerGrpc.SamplingManagerImplBase {
  private final SamplingStrategyStore store;

  public SamplingGrpcService(SamplingStrategyStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public void getSamplingStrategy(
      SamplingStrategyParameters request, StreamObserver<SamplingStrategyResponse> response) {
    response.onNext(store.strategyFor(request.getServiceName()));
    response.onCompleted();
  }
}
