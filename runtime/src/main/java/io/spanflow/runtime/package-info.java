/**
 * What every Spanflow process shares: lifecycle, config binding, the admin server, shutdown.
 *
 * <p>A component's {@code main} only wires:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   AgentOptions options = ConfigBinder.bind("spanflow-edge-agent", new AgentOptions(), args);
 *   options.logging.apply();                                  // @Mixin LoggingOptions
 *   PrometheusMeterRegistry registry = Metrics.newPrometheusRegistry();
 *   AdminServer admin =
 *       AdminServer.builder().hostPort(options.admin.hostPort()).registry(registry).build();
 *   Application.builder("spanflow-edge-agent")
 *       .admin(admin)                  // started first, closed last, checks every component
 *       .component(reporter)           // started in order ...
 *       .component(udpServer)          // ... closed in reverse: stop accepting, then flush
 *       .build()
 *       .run();                        // blocks; SIGTERM/SIGINT close everything, exit 143/130
 * }
 * }</pre>
 *
 * <p>The all-in-one builds each component's {@link io.spanflow.runtime.Application} with {@code
 * installShutdownHook(false)} (and usually no admin server of its own) and adds them as components
 * of one outer application, which owns the hook and the admin port.
 */
package io.spanflow.runtime;
