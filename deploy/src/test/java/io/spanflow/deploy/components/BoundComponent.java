package io.spanflow.deploy.components;

import io.spanflow.agent.udp.AgentEndpoint;
import io.spanflow.runtime.admin.HostPort;
import io.spanflow.runtime.config.BindResult;
import io.spanflow.runtime.config.ConfigBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A component's options after binding some flags and environment: which options exist, which
 * environment variables they answer to, and the ports the component will listen on.
 */
public final class BoundComponent {
  /** Environment a container may carry besides options: read by the JVM, not by the program. */
  private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

  private final SpanflowComponent component;
  private final BindResult<Object> result;
  private final CommandSpec spec;
  private final Map<String, String> env;

  BoundComponent(SpanflowComponent component, BindResult<Object> result, Map<String, String> env) {
    this.component = component;
    this.result = result;
    this.spec = CommandSpec.forAnnotatedObject(result.options());
    this.env = env;
  }

  public SpanflowComponent component() {
    return component;
  }

  /** Null when every flag and variable bound; else ConfigBinder's message (unknown, invalid). */
  public String bindError() {
    return result.shouldExit() ? result.error() + result.output() : null;
  }

  /**
   * Environment variable → option, e.g. ES_SERVER_URLS → --es.server-urls (ConfigBinder.envName).
   */
  public Map<String, String> optionsByEnvironmentName() {
    Map<String, String> byEnv = new java.util.TreeMap<>();
    for (OptionSpec option : spec.options()) {
      String name = option.longestName();
      if (name.startsWith("--")) {
        byEnv.put(ConfigBinder.envName(name), name);
      }
    }
    byEnv.put(ConfigBinder.envName("--config-file"), "--config-file");
    return byEnv;
  }

  /**
   * Variables of {@code environment} that are neither an option, nor the JVM's, nor referenced as
   * {@code ${NAME}} by another value (as the agent's {@code --agent.tags} does).
   */
  public Set<String> unknownEnvironmentNames(List<String> args) {
    Set<String> referenced = new TreeSet<>();
    List<String> values = new ArrayList<>(args);
    values.addAll(env.values());
    for (String v : values) {
      Matcher m = ENV_REFERENCE.matcher(v == null ? "" : v);
      while (m.find()) {
        referenced.add(m.group(1));
      }
    }
    Map<String, String> known = optionsByEnvironmentName();
    Set<String> unknown = new TreeSet<>();
    for (String name : env.keySet()) {
      if (!known.containsKey(name) && !JVM_VARIABLES.contains(name) && !referenced.contains(name)) {
        unknown.add(name);
      }
    }
    return unknown;
  }

  public boolean hasOption(String name) {
    return spec.findOption(name) != null;
  }

  /** The bound value of an option (its default when nothing set it). */
  public Object value(String option) {
    OptionSpec spec = this.spec.findOption(option);
    if (spec == null) {
      throw new IllegalArgumentException(component.id() + " has no option " + option);
    }
    return spec.getValue();
  }

  public Duration duration(String option) {
    return (Duration) value(option);
  }

  /** The admin port: health on {@code /}, Prometheus on {@code /metrics}. */
  public int adminPort() {
    return ((HostPort) value("--admin.http.host-port")).port();
  }

  /** Every address the component binds: each option of type HostPort, after binding. */
  public List<ListenPort> listenPorts() {
    Set<String> udp = new TreeSet<>();
    if (component == SpanflowComponent.EDGE_AGENT) {
      for (AgentEndpoint endpoint : AgentEndpoint.values()) {
        udp.add("--processor." + endpoint.flagName() + ".server-host-port");
      }
    }
    List<ListenPort> ports = new ArrayList<>();
    for (OptionSpec option : spec.options()) {
      if (option.type() == HostPort.class && option.getValue() != null) {
        String name = option.longestName();
        ports.add(
            new ListenPort(
                name,
                ((HostPort) option.getValue()).port(),
                udp.contains(name) ? ListenPort.Protocol.UDP : ListenPort.Protocol.TCP));
      }
    }
    return ports;
  }

  /**
   * How long the component may take to stop cleanly after SIGTERM, from its own options: the agent
   * keeps receiving for its grace period, then flushes; the collector waits for Kafka acks.
   */
  public Duration drainTime() {
    return switch (component) {
      case EDGE_AGENT ->
          duration("--agent.shutdown-grace-period")
              .plus(duration("--reporter.flush-timeout"))
              .plus(duration("--reporter.grpc.timeout"));
      case COLLECTOR_GATEWAY -> duration("--collector.shutdown-timeout");
      default -> Duration.ofSeconds(20); // Streams' and the sink's close timeouts
    };
  }

  /** Values of every option whose name says it is a Kafka topic, e.g. --kafka.producer.topic. */
  public Map<String, String> topics() {
    Map<String, String> topics = new java.util.TreeMap<>();
    for (OptionSpec option : spec.options()) {
      String name = option.longestName();
      if (name.startsWith("--kafka.") && name.endsWith("topic") && option.getValue() != null) {
        String value = option.getValue().toString();
        if (!value.isBlank()) {
          topics.put(name, value);
        }
      }
    }
    return topics;
  }
}
