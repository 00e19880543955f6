package io.spanflow.collector;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spanflow.runtime.Application;
import io.spanflow.runtime.admin.AdminServer;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.runtime.metrics.Metrics;

/** Entry point: binds the options, builds the components, runs them until SIGTERM. */
public final class CollectorGatewayMain {
  private CollectorGatewayMain() {}

  public static void main(String[] args) {
    CollectorGatewayOptions options =
        ConfigBinder.bind("spanflow-collector-gateway", new CollectorGatewayOptions(), args);
    PrometheusMeterRegistry registry = Metrics.newPrometheusRegistry();
    CollectorGateway gateway;
    try {
      gateway = CollectorGateway.build(options, registry);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(ConfigBinder.USAGE_EXIT_CODE);
      return;
    }
    Application.Builder app =
        Application.builder("spanflow-collector-gateway")
            .admin(
                AdminServer.builder()
                    .hostPort(options.admin.hostPort())
                    .registry(registry)
                    .build());
    gateway.components().forEach(app::component);
    app.build().run();
  }
}
