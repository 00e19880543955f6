package io.spanflow.collector.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.spanflow.proto.jaeger.CollectorServiceGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * One protocol endpoint under load: {@link #send} posts request number {@code n} and completes with
 * the outcome: a status label ("ok" for 2xx / gRPC OK, else the HTTP status or gRPC code).
 */
interface LoadTarget extends AutoCloseable {
  String OK = "ok";

  CompletableFuture<String> send(long n);

  @Override
  default void close() {}

  /** HTTP/1.1 POSTs (JDK client, a pool of keep-alive connections). */
  static LoadTarget http(String url, String contentType, LongFunction<byte[]> body) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI uri = URI.create(url);
    return n ->
        client
            .sendAsync(
                HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.apply(n)))
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .handle(
                (r, e) ->
                    e != null
                        ? e.getClass().getSimpleName()
                        : r.statusCode() / 100 == 2 ? OK : Integer.toString(r.statusCode()));
  }

  /** {@code jaeger.api_v2.CollectorService/PostSpans} over one gRPC channel. */
  static LoadTarget jaegerGrpc(int port, BenchPayloads payloads) {
    ManagedChannel channel = channel(port);
    CollectorServiceGrpc.CollectorServiceStub stub = CollectorServiceGrpc.newStub(channel);
    return new LoadTarget() {
      @Override
      public CompletableFuture<String> send(long n) {
        CompletableFuture<String> done = new CompletableFuture<>();
        stub.withDeadlineAfter(30, TimeUnit.SECONDS)
            .postSpans(payloads.jaegerGrpc(n), observer(done));
        return done;
      }

      @Override
      public void close() {
        shutdown(channel);
      }
    };
  }

  /** OTLP {@code TraceService/Export} over one gRPC channel. */
  static LoadTarget otlpGrpc(int port, BenchPayloads payloads) {
    ManagedChannel channel = channel(port);
    TraceServiceGrpc.TraceServiceStub stub = TraceServiceGrpc.newStub(channel);
    return new LoadTarget() {
      @Override
      public CompletableFuture<String> send(long n) {
        CompletableFuture<String> done = new CompletableFuture<>();
        stub.withDeadlineAfter(30, TimeUnit.SECONDS).export(payloads.otlp(n), observer(done));
        return done;
      }

      @Override
      public void close() {
        shutdown(channel);
      }
    };
  }

  private static ManagedChannel channel(int port) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  private static void shutdown(ManagedChannel channel) {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T> StreamObserver<T> observer(CompletableFuture<String> done) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        if (value instanceof ExportTraceServiceResponse r
            && r.getPartialSuccess().getRejectedSpans() > 0) {
          done.complete("partial");
        }
      }

      @Override
      public void onError(Throwable t) {
        done.complete(Status.fromThrowable(t).getCode().name());
      }

      @Override
      public void onCompleted() {
        done.complete(OK);
      }
    };
  }
}
