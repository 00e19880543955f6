package io.spanflow.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spanflow.agent.udp.AgentEndpoint;
import io.spanflow.proto.jaeger.Span;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Collector outages and SIGTERM-style shutdown, end to end with the real Java client. */
class AgentResilienceIT {

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void collectorDown_spansWaitInTheRetryBufferAndArriveWhenItComesUp() throws Exception {
    int port = freePort();
    try (AgentUnderTest agent =
        AgentUnderTest.start("--reporter.grpc.host-port=127.0.0.1:" + port)) {
      int udp = agent.udpPort(AgentEndpoint.JAEGER_COMPACT);

      JavaClient.send(udp, "orders", "while-down-1", "while-down-2");

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> agent.metric("jaeger_agent_reporter_batches_failures_total") >= 2);
      assertThat(agent.metric("spanflow_agent_reporter_buffer_bytes")).isPositive();
      assertThat(agent.metric("jaeger_agent_reporter_spans_submitted_total")).isZero();
      assertThat(agent.metric("jaeger_agent_connection_status_collector_connected")).isZero();

      try (TestCollector collector =
          TestCollector.start(port, io.grpc.InsecureServerCredentials.create())) {
        await().atMost(Duration.ofSeconds(30)).until(() -> collector.spans().size() == 2);
        assertThat(collector.spans())
            .extracting(Span::getOperationName)
            .containsExactlyInAnyOrder("while-down-1", "while-down-2");
        assertThat(agent.metric("jaeger_agent_reporter_spans_submitted_total")).isEqualTo(2);
        assertThat(agent.metric("spanflow_agent_reporter_spans_dropped_total")).isZero();
      }
    }
  }

  @Test
  void shutdown_keepsReceivingDuringGraceThenFlushesEverything() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      AgentUnderTest agent =
          AgentUnderTest.start(
              "--reporter.grpc.host-port=" + collector.hostPort(),
              "--agent.shutdown-grace-period=3s",
              // Spans sit in the batch until shutdown flushes them.
              "--reporter.batch.max-delay=1m");
      int udp = agent.udpPort(AgentEndpoint.JAEGER_COMPACT);

      JavaClient.send(udp, "orders", "before-sigterm");
      await()
          .until(
              () ->
                  agent.metric("spanflow_agent_udp_spans_received_total", "protocol", "compact")
                      == 1);
      assertThat(collector.spans()).isEmpty();

      CompletableFuture<Void> shutdown = CompletableFuture.runAsync(agent::close);
      // The admin port reports the shutdown while the grace period keeps the ports open.
      await().until(() -> agent.get(agent.agent.admin().port(), "/").statusCode() == 503);
      JavaClient.send(udp, "orders", "during-grace");

      shutdown.get(30, TimeUnit.SECONDS);
      assertThat(collector.spans())
          .extracting(Span::getOperationName)
          .containsExactlyInAnyOrder("before-sigterm", "during-grace");
    }
  }
}
