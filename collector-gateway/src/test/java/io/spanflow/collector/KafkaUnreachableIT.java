package io.spanflow.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.proto.jaeger.Batch;
import io.spanflow.proto.jaeger.CollectorServiceGrpc;
import io.spanflow.proto.jaeger.PostSpansRequest;
import io.spanflow.runtime.config.BindResult;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.runtime.lifecycle.Component;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With no broker at the configured address the collector still starts, reports unhealthy, and
 * answers every protocol at once with 503 / UNAVAILABLE instead of holding requests. A gRPC message
 * over the size limit gets RESOURCE_EXHAUSTED.
 */
class KafkaUnreachableIT {
  static CollectorGateway gateway;
  static final List<Component> started = new ArrayList<>();

  static int deadPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    BindResult<CollectorGatewayOptions> bound =
        ConfigBinder.bind(
            "spanflow-collector-gateway",
            new CollectorGatewayOptions(),
            new String[] {
              "--kafka.producer.brokers=127.0.0.1:" + deadPort(),
              "--collector.grpc-server.host-port=127.0.0.1:0",
              "--collector.grpc-server.max-message-size=2048",
              "--collector.http-server.host-port=127.0.0.1:0",
              "--collector.zipkin.host-port=127.0.0.1:0",
              "--collector.otlp.grpc.host-port=127.0.0.1:0",
              "--collector.otlp.http.host-port=127.0.0.1:0"
            },
            Map.of());
    assertThat(bound.shouldExit()).as(bound.error()).isFalse();
    gateway = CollectorGateway.build(bound.options(), new SimpleMeterRegistry());
    for (Component c : gateway.components()) {
      c.start();
      started.add(c);
    }
  }

  @AfterAll
  static void stop() {
    Collections.reverse(started);
    started.forEach(Component::close);
  }

  @Test
  void publisherReportsUnhealthyWithTheReason() {
    assertThat(gateway.publisher().check().healthy()).isFalse();
    assertThat(gateway.publisher().check().reason()).contains("Kafka unreachable");
  }

  @Test
  void httpAnswers503AtOnce() throws Exception {
    HttpResponse<String> reply =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.zipkinPort() + "/api/v2/spans"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "[{\"traceId\":\"0000000000000001\",\"id\":\"0000000000000001\","
                                + "\"localEndpoint\":{\"serviceName\":\"a\"}}]"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(reply.statusCode()).isEqualTo(503);
    assertThat(reply.body()).contains("Kafka unreachable");
  }

  @Test
  void grpcAnswersUnavailable_andResourceExhaustedOverTheMessageLimit() throws Exception {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", gateway.jaegerGrpcPort())
            .usePlaintext()
            .build();
    try {
      CollectorServiceGrpc.CollectorServiceBlockingStub stub =
          CollectorServiceGrpc.newBlockingStub(channel);
      PostSpansRequest small =
          PostSpansRequest.newBuilder()
              .setBatch(Batch.newBuilder().addSpans(TestSpans.span("svc", 1, 1)))
              .build();
      assertThatThrownBy(() -> stub.postSpans(small))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

      PostSpansRequest big =
          PostSpansRequest.newBuilder()
              .setBatch(
                  Batch.newBuilder()
                      .addSpans(
                          TestSpans.span("svc", 1, 1).toBuilder()
                              .setOperationName("x".repeat(4096))))
              .build();
      assertThatThrownBy(() -> stub.postSpans(big))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
