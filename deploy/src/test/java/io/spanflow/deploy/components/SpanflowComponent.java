package io.spanflow.deploy.components;

import io.spanflow.agent.EdgeAgentMain;
import io.spanflow.agent.EdgeAgentOptions;
import io.spanflow.collector.CollectorGatewayMain;
import io.spanflow.collector.CollectorGatewayOptions;
import io.spanflow.processor.StreamProcessorMain;
import io.spanflow.processor.config.ProcessorOptions;
import io.spanflow.query.QueryApiMain;
import io.spanflow.query.QueryApiOptions;
import io.spanflow.runtime.config.BindResult;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.sink.EsSinkMain;
import io.spanflow.sink.config.CleanerOptions;
import io.spanflow.sink.config.EsSinkOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The five deployable components, each with its real options class and main: the truth the
 * deployment files are checked against. The name is the module, the compose service and the
 * Kubernetes component label.
 */
public enum SpanflowComponent {
  EDGE_AGENT("edge-agent", "spanflow-edge-agent", EdgeAgentOptions::new, EdgeAgentMain.class),
  COLLECTOR_GATEWAY(
      "collector-gateway",
      "spanflow-collector-gateway",
      CollectorGatewayOptions::new,
      CollectorGatewayMain.class),
  STREAM_PROCESSOR(
      "stream-processor",
      StreamProcessorMain.NAME,
      ProcessorOptions::new,
      StreamProcessorMain.class),
  ES_SINK("es-sink", "spanflow-es-sink", EsSinkOptions::new, EsSinkMain.class),
  QUERY_API("query-api", "spanflow-query", QueryApiOptions::new, QueryApiMain.class);

  private final String id;
  private final String commandName;
  private final Supplier<Object> options;
  private final Class<?> main;

  SpanflowComponent(String id, String commandName, Supplier<Object> options, Class<?> main) {
    this.id = id;
    this.commandName = commandName;
    this.options = options;
    this.main = main;
  }

  /** Module folder, compose service name, value of the app.kubernetes.io/component label. */
  public String id() {
    return id;
  }

  public Class<?> mainClass() {
    return main;
  }

  public static Optional<SpanflowComponent> byId(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
  }

  /** The options with their defaults: what the component does when given nothing. */
  public BoundComponent defaults() {
    return bind(List.of(), Map.of());
  }

  /**
   * Binds flags and environment exactly as the component's main does (ConfigBinder). es-sink's
   * {@code cleaner} subcommand binds its own options, as {@code EsSinkMain} does.
   */
  public BoundComponent bind(List<String> args, Map<String, String> env) {
    Object target = options.get();
    String command = commandName;
    List<String> rest = args;
    if (this == ES_SINK && !args.isEmpty() && args.get(0).equals("cleaner")) {
      target = new CleanerOptions();
      command = commandName + " cleaner";
      rest = args.subList(1, args.size());
    }
    BindResult<Object> result =
        ConfigBinder.bind(command, target, rest.toArray(String[]::new), env);
    return new BoundComponent(this, result, env);
  }
}
