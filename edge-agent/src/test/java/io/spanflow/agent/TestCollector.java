package io.spanflow.agent;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.CollectorServiceGrpc;
import io.spanflow.proto.jaeger.PostSpansRequest;
import io.spanflow.proto.jaeger.PostSpansResponse;
import io.spanflow.proto.jaeger.SamplingManagerGrpc;
import io.spanflow.proto.jaeger.SamplingStrategyParameters;
import io.spanflow.proto.jaeger.SamplingStrategyResponse;
import io.spanflow.proto.jaeger.Span;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real gRPC collector on 127.0.0.1 for the agent's tests: records every PostSpans batch and
 * answers GetSamplingStrategy from a table; can be told to refuse batches.
 */
final class TestCollector implements AutoCloseable {
  final Queue<Batch> batches = new ConcurrentLinkedQueue<>();
  final Map<String, SamplingStrategyResponse> strategies = new ConcurrentHashMap<>();
  final AtomicBoolean refuse = new AtomicBoolean();
  private final Server server;

  private TestCollector(Server server) {
    this.server = server;
  }

  /** Starts on a free port. */
  static TestCollector start() throws IOException {
    return start(0, InsecureServerCredentials.create());
  }

  static TestCollector start(int port, ServerCredentials credentials) throws IOException {
    TestCollector[] self = new TestCollector[1];
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port), credentials)
            .addService(
                new CollectorServiceGrpc.CollectorServiceImplBase() {
                  @Override
                  public void postSpans(
                      PostSpansRequest request, StreamObserver<PostSpansResponse> response) {
                    if (self[0].refuse.get()) {
                      response.onError(
                          Status.UNAVAILABLE.withDescription("refusing").asException());
                      return;
                    }
                    self[0].batches.add(request.getBatch());
                    response.onNext(PostSpansResponse.getDefaultInstance());
                    response.onCompleted();
                  }
                })
            .addService(
                new SamplingManagerGrpc.SamplingManagerImplBase() {
                  @Override
                  public void getSamplingStrategy(
                      SamplingStrategyParameters request,
                      StreamObserver<SamplingStrategyResponse> response) {
                    SamplingStrategyResponse strategy =
                        self[0].strategies.get(request.getServiceName());
                    if (strategy == null) {
                      response.onError(Status.NOT_FOUND.asException());
                      return;
                    }
                    response.onNext(strategy);
                    response.onCompleted();
                  }
                })
            .build();
    self[0] = new TestCollector(server);
    server.start();
    return self[0];
  }

  int port() {
    return server.getPort();
  }

  String hostPort() {
    return "127.0.0.1:" + port();
  }

  /** Every span received, in arrival order. */
  List<Span> spans() {
    List<Span> spans = new ArrayList<>();
    batches.forEach(b -> spans.addAll(b.getSpansList()));
    return spans;
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
