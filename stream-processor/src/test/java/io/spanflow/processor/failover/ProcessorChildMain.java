package io.spanflow.processor.failover;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spanflow.processor.StreamProcessorMain;
import io.spanflow.processor.config.ProcessorConfig;
import io.spanflow.processor.config.ProcessorOptions;
import io.spanflow.processor.observe.ProcessorMetrics;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.runtime.metrics.Metrics;

/**
 * The stream processor as the failover test starts it in a child JVM: the real flags and wiring
 * ({@link StreamProcessorMain#application}), plus Kafka Streams overrides from system properties
 * {@code -Dstreams.override.<key>=<value>} (a client id, a short consumer session) that have no
 * flag.
 */
public final class ProcessorChildMain {

  static final String OVERRIDE_PREFIX = "streams.override.";

  private ProcessorChildMain() {}

  public static void main(String[] args) {
    ProcessorOptions options =
        ConfigBinder.bind(StreamProcessorMain.NAME, new ProcessorOptions(), args);
    PrometheusMeterRegistry registry = Metrics.newPrometheusRegistry();
    ProcessorConfig.Builder config = options.toConfig().metrics(new ProcessorMetrics(registry));
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith(OVERRIDE_PREFIX)) {
                config.streamsOverride(
                    name.substring(OVERRIDE_PREFIX.length()), System.getProperty(name));
              }
            });
    StreamProcessorMain.application(options, config.build(), registry, true).run();
  }
}
