package io.spanflow.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spanflow.agent.reporter.CollectorChannels;
import io.spanflow.agent.udp.AgentEndpoint;
import io.spanflow.runtime.config.BindResult;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.runtime.metrics.Metrics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flags of Jaeger's Kubernetes agent manifests bind, and reach the parts they configure. */
class EdgeAgentOptionsTest {

  @Test
  void acceptsTheFlagsOfJaegersDaemonSetManifest() {
    BindResult<EdgeAgentOptions> bound =
        ConfigBinder.bind(
            "spanflow-edge-agent",
            new EdgeAgentOptions(),
            new String[] {
              "--collector.host-port=jaeger-collector.monitoring:14250",
              "--processor.jaeger-binary.server-queue-size=2000",
              "--discovery.conn-check-timeout=500ms"
            },
            Map.of());

    assertThat(bound.shouldExit()).as(bound.error()).isFalse();
    EdgeAgentOptions options = bound.options();
    assertThat(options.collectors()).containsExactly("jaeger-collector.monitoring:14250");
    assertThat(options.udp(AgentEndpoint.JAEGER_BINARY).queueSize()).isEqualTo(2000);
    assertThat(options.connCheckTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void connCheckTimeoutDefaultsToTheTransportsOwnAndReadsTheEnvironment() {
    EdgeAgentOptions defaults =
        ConfigBinder.bind("spanflow-edge-agent", new EdgeAgentOptions(), new String[0], Map.of())
            .options();
    assertThat(defaults.connCheckTimeout()).isZero();

    EdgeAgentOptions fromEnv =
        ConfigBinder.bind(
                "spanflow-edge-agent",
                new EdgeAgentOptions(),
                new String[0],
                Map.of("DISCOVERY_CONN_CHECK_TIMEOUT", "2s"))
            .options();
    assertThat(fromEnv.connCheckTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void theAgentHandsTheConnectTimeoutToItsCollectorChannels() {
    EdgeAgentOptions options =
        ConfigBinder.bind(
                "spanflow-edge-agent",
                new EdgeAgentOptions(),
                new String[] {
                  "--reporter.grpc.host-port=127.0.0.1:14250",
                  "--discovery.conn-check-timeout=750ms"
                },
                Map.of())
            .options();

    EdgeAgent agent = EdgeAgent.create(options, name -> null, false);

    assertThat(agent.collectors().connectTimeout()).isEqualTo(Duration.ofMillis(750));
  }

  @Test
  void aNegativeConnectTimeoutIsRefused() {
    CollectorChannels.Builder builder =
        CollectorChannels.builder()
            .collector("127.0.0.1:14250")
            .registry(Metrics.newPrometheusRegistry());

    assertThatThrownBy(() -> builder.connectTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--discovery.conn-check-timeout");
  }
}
