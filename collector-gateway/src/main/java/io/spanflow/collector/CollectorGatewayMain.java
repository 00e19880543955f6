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
    application(args, true).run();
  }

  /**
   * The collector bound from flags, not started. The all-in-one runs it inside its own application,
   * without a shutdown hook of its own. A configuration that cannot work exits with status 2.
   */
  public static Application application(String[] args, boolean installShutdownHook) {
    CollectorGatewayOptions options =
        ConfigBinder.bind("spanflow-collector-gateway", new CollectorGatewayOptions(), args);
    PrometheusMeterRegistry registry = Metrics.newPrometheusRegistry();
    CollectorGateway gateway;
    try {
      gateway = CollectorGateway.build(options, registry);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(ConfigBinder.USAGE_EXIT_CODE);
      throw e;
    }
    Application.Builder app =
        Application.builder("spanflow-collector-gateway")
            .installShutdownHook(installShutdownHook)
            .admin(
                AdminServer.builder()
                    .hostPort(options.admin.hostPort())
                    .registry(registry)
                    .build());
    gateway.components().forEach(app::component);
    return app.build();
  }
}
