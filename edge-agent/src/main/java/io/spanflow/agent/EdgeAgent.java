package io.spanflow.agent;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spanflow.agent.reporter.BatchingReporter;
import io.spanflow.agent.reporter.CollectorChannels;
import io.spanflow.agent.reporter.GrpcBatchSender;
import io.spanflow.agent.sampling.GrpcSamplingStrategyFetcher;
import io.spanflow.agent.sampling.SamplingHttpServer;
import io.spanflow.agent.sampling.SamplingStrategyCache;
import io.spanflow.agent.shutdown.ShutdownGracePeriod;
import io.spanflow.agent.tags.AgentTags;
import io.spanflow.agent.udp.AgentEndpoint;
import io.spanflow.agent.udp.ThriftUdpServer;
import io.spanflow.runtime.Application;
import io.spanflow.runtime.admin.AdminServer;
import io.spanflow.runtime.metrics.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The agent's parts, wired from its options, and the {@link Application} that runs them.
 *
 * <p>Start order: collector channels, reporter, UDP receivers, sampling endpoint, grace period.
 * Shutdown runs in reverse: the grace period keeps every port open for a while, then the sampling
 * endpoint and the UDP receivers stop and drain their queues into the reporter, which flushes to
 * the collectors before the channels close.
 */
public final class EdgeAgent {
  private final Application application;
  private final CollectorChannels collectors;
  private final BatchingReporter reporter;
  private final Map<AgentEndpoint, ThriftUdpServer> udpServers;
  private final SamplingHttpServer samplingHttp;
  private final ShutdownGracePeriod gracePeriod;
  private final AdminServer admin;
  private final PrometheusMeterRegistry registry;

  private EdgeAgent(EdgeAgentOptions options, Function<String, String> env, boolean installHook) {
    this.registry = Metrics.newPrometheusRegistry();
    AgentTags agentTags = AgentTags.parse(options.agentTags, env);
    this.collectors =
        CollectorChannels.builder()
            .collectors(options.collectors())
            .tls(options.tlsEnabled, options.tlsCa)
            .tlsServerName(options.tlsServerName)
            .connectTimeout(options.connCheckTimeout())
            .registry(registry)
            .build();
    this.reporter =
        BatchingReporter.builder()
            .sender(new GrpcBatchSender(collectors, options.grpcTimeout))
            .registry(registry)
            .senders(options.senders)
            .maxBatchSpans(options.batchMaxSpans)
            .maxBatchBytes(options.batchMaxBytes)
            .batchDelay(options.batchMaxDelay)
            .bufferMaxBytes(options.bufferMaxBytes)
            .backoff(options.initialBackoff, options.maxBackoff)
            .flushTimeout(options.flushTimeout)
            .build();
    this.udpServers = new EnumMap<>(AgentEndpoint.class);
    for (AgentEndpoint endpoint : AgentEndpoint.values()) {
      udpServers.put(
          endpoint,
          ThriftUdpServer.builder(endpoint)
              .settings(options.udp(endpoint))
              .sink(reporter)
              .agentTags(agentTags)
              .registry(registry)
              .build());
    }
    SamplingStrategyCache strategies =
        new SamplingStrategyCache(
            new GrpcSamplingStrategyFetcher(collectors, options.grpcTimeout),
            options.samplingCacheTtl,
            Clock.systemUTC(),
            registry);
    this.samplingHttp = new SamplingHttpServer(options.httpHostPort, strategies, registry);
    this.gracePeriod = new ShutdownGracePeriod(options.shutdownGracePeriod);
    this.admin = AdminServer.builder().hostPort(options.adminHostPort()).registry(registry).build();

    Application.Builder app =
        Application.builder("spanflow-edge-agent")
            .admin(admin)
            .installShutdownHook(installHook)
            .shutdownTimeout(
                options
                    .shutdownGracePeriod
                    .plus(options.flushTimeout)
                    .plus(options.grpcTimeout)
                    .plus(Duration.ofSeconds(10)))
            .component(collectors)
            .component(reporter);
    udpServers.values().forEach(app::component);
    this.application = app.component(samplingHttp).component(gracePeriod).build();
  }

  /**
   * Builds the agent; {@code env} resolves {@code ${VAR}} in {@code --agent.tags}. Throws
   * IllegalArgumentException for a configuration that cannot work (no collector, bad tags).
   */
  public static EdgeAgent create(
      EdgeAgentOptions options, Function<String, String> env, boolean installShutdownHook) {
    return new EdgeAgent(options, env, installShutdownHook);
  }

  public Application application() {
    return application;
  }

  public ThriftUdpServer udpServer(AgentEndpoint endpoint) {
    return udpServers.get(endpoint);
  }

  public SamplingHttpServer samplingHttp() {
    return samplingHttp;
  }

  public BatchingReporter reporter() {
    return reporter;
  }

  public CollectorChannels collectors() {
    return collectors;
  }

  public ShutdownGracePeriod gracePeriod() {
    return gracePeriod;
  }

  public AdminServer admin() {
    return admin;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
