package io.spanflow.processor;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spanflow.processor.config.ProcessorConfig;
import io.spanflow.processor.config.ProcessorOptions;
import io.spanflow.processor.observe.ProcessorMetrics;
import io.spanflow.processor.observe.StreamsComponent;
import io.spanflow.runtime.Application;
import io.spanflow.runtime.admin.AdminServer;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.runtime.metrics.Metrics;

/** Runs the stream processor: binds options, wires the Streams app and the admin server. */
public final class StreamProcessorMain {

  public static final String NAME = "spanflow-stream-processor";

  private StreamProcessorMain() {}

  public static void main(String[] args) {
    application(args, true).run();
  }

  /**
   * The processor bound from flags, not started. The all-in-one runs it inside its own application,
   * without a shutdown hook of its own. A configuration that cannot work exits with status 2.
   */
  public static Application application(String[] args, boolean installShutdownHook) {
    ProcessorOptions options = ConfigBinder.bind(NAME, new ProcessorOptions(), args);
    PrometheusMeterRegistry registry = Metrics.newPrometheusRegistry();
    ProcessorConfig config;
    try {
      config = options.toConfig().metrics(new ProcessorMetrics(registry)).build();
    } catch (IllegalArgumentException e) {
      System.err.println(NAME + ": " + e.getMessage());
      System.exit(ConfigBinder.USAGE_EXIT_CODE);
      throw e;
    }
    return application(options, config, registry, installShutdownHook);
  }

  /** The application, not started; tests start and close it themselves. */
  public static Application application(
      ProcessorOptions options,
      ProcessorConfig config,
      PrometheusMeterRegistry registry,
      boolean installShutdownHook) {
    StreamsComponent streams = new StreamsComponent(config);
    AdminServer admin =
        AdminServer.builder()
            .hostPort(options.admin().hostPort())
            .registry(registry)
            .check(streams)
            .build();
    return Application.builder(NAME)
        .admin(admin)
        .component(streams)
        .installShutdownHook(installShutdownHook)
        .build();
  }
}
