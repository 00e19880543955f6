package io.spanflow.agent;

import io.spanflow.agent.udp.AgentEndpoint;
import io.spanflow.runtime.config.BindResult;
import io.spanflow.runtime.config.ConfigBinder;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real agent, bound from flags like the main does, every port on 127.0.0.1:0. */
final class AgentUnderTest implements AutoCloseable {
  final EdgeAgent agent;

  private AgentUnderTest(EdgeAgent agent) {
    this.agent = agent;
  }

  static AgentUnderTest start(String... extraArgs) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--admin.http.host-port=127.0.0.1:0",
                "--http-server.host-port=127.0.0.1:0",
                "--processor.jaeger-compact.server-host-port=127.0.0.1:0",
                "--processor.jaeger-binary.server-host-port=127.0.0.1:0",
                "--processor.zipkin-compact.server-host-port=127.0.0.1:0",
                "--agent.shutdown-grace-period=0",
                "--reporter.batch.max-delay=20ms",
                "--reporter.grpc.retry.initial-backoff=20ms",
                "--reporter.grpc.retry.max-backoff=200ms"));
    args.addAll(List.of(extraArgs));
    BindResult<EdgeAgentOptions> bound =
        ConfigBinder.bind(
            "spanflow-edge-agent",
            new EdgeAgentOptions(),
            args.toArray(String[]::new),
            Map.of("TEST_NODE", "node-under-test"));
    if (bound.shouldExit()) {
      throw new IllegalArgumentException(bound.error());
    }
    EdgeAgent agent =
        EdgeAgent.create(bound.options(), Map.of("TEST_NODE", "node-under-test")::get, false);
    agent.application().start();
    return new AgentUnderTest(agent);
  }

  int udpPort(AgentEndpoint endpoint) {
    return agent.udpServer(endpoint).port();
  }

  void sendUdp(AgentEndpoint endpoint, byte[] packet) throws Exception {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.send(
          new DatagramPacket(
              packet, packet.length, InetAddress.getLoopbackAddress(), udpPort(endpoint)));
    }
  }

  HttpResponse<String> get(int port, String pathAndQuery) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  String metrics() throws Exception {
    return get(agent.admin().port(), "/metrics").body();
  }

  /**
   * Sum of the Prometheus samples of {@code name} carrying every {@code key="value"} label given as
   * {@code key, value} pairs; 0 when there is none.
   */
  double metric(String name, String... labelPairs) throws Exception {
    double sum = 0;
    for (String line : metrics().split("\n")) {
      if (!(line.startsWith(name + "{") || line.startsWith(name + " "))) {
        continue;
      }
      boolean all = true;
      for (int i = 0; i + 1 < labelPairs.length; i += 2) {
        all &= line.contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"");
      }
      if (all) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
      }
    }
    return sum;
  }

  @Override
  public void close() {
    agent.application().close();
  }
}
