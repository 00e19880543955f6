package io.spanflow.deploy.compose;

import io.spanflow.deploy.components.BoundComponent;
import io.spanflow.deploy.components.ListenPort;
import io.spanflow.deploy.components.SpanflowComponent;
import io.spanflow.deploy.components.TopicPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Checks a parsed compose file against the components: every problem found is one line naming the
 * service and what is wrong. An empty list means the file fits the code.
 */
final class ComposeChecks {
  static final String HEALTHCHECK_SCRIPT = "/opt/spanflow/bin/healthcheck";
  static final String TOPICS_SERVICE = "kafka-topics";

  private static final Pattern PORT =
      Pattern.compile("^(?:(?:[\\d.]+:)?(\\d+):)?(\\d+)(?:/(tcp|udp))?$");

  private final Map<String, Object> compose;
  private final Path root;
  private final List<String> problems = new ArrayList<>();

  private ComposeChecks(Map<String, Object> compose, Path root) {
    this.compose = compose;
    this.root = root;
  }

  static List<String> problems(Map<String, Object> compose, Path root) {
    ComposeChecks checks = new ComposeChecks(compose, root);
    checks.run();
    return checks.problems;
  }

  private void run() {
    Map<String, Object> services = map(compose.get("services"));
    if (services.isEmpty()) {
      problems.add("no services");
      return;
    }
    for (SpanflowComponent component : SpanflowComponent.values()) {
      Map<String, Object> service = map(services.get(component.id()));
      if (service.isEmpty()) {
        problems.add("no service " + component.id());
        continue;
      }
      checkComponent(component, service);
    }
    for (Map.Entry<String, Object> e : services.entrySet()) {
      checkDependsOn(e.getKey(), map(e.getValue()), services);
      checkVolumes(e.getKey(), map(e.getValue()));
    }
    checkTopics(services);
    checkInfrastructureImages(services);
  }

  private void checkComponent(SpanflowComponent component, Map<String, Object> service) {
    String id = component.id();
    List<String> args = strings(service.get("command"));
    Map<String, String> env = environment(service.get("environment"));
    BoundComponent bound = component.bind(args, env);
    for (String unknown : bound.unknownEnvironmentNames(args)) {
      problems.add(id + ": environment variable " + unknown + " is not an option of " + id);
    }
    if (bound.bindError() != null) {
      problems.add(id + ": does not start with this configuration: " + bound.bindError().strip());
      return;
    }

    Set<String> listening = new TreeSet<>();
    for (ListenPort p : bound.listenPorts()) {
      listening.add(p.port() + "/" + p.protocol().name().toLowerCase(java.util.Locale.ROOT));
    }
    Set<String> published = new TreeSet<>();
    for (String port : strings(service.get("ports"))) {
      Matcher m = PORT.matcher(port.strip());
      if (!m.matches()) {
        problems.add(id + ": cannot read port '" + port + "'");
        continue;
      }
      String container = m.group(2) + "/" + (m.group(3) == null ? "tcp" : m.group(3));
      published.add(container);
      if (!listening.contains(container)) {
        problems.add(id + ": publishes " + container + " but listens on " + listening);
      }
      if (m.group(1) != null && !m.group(1).equals(m.group(2))) {
        problems.add(id + ": host port " + m.group(1) + " differs from container port " + port);
      }
    }
    for (String port : listening) {
      if (!published.contains(port)) {
        problems.add(id + ": listens on " + port + " but does not publish it");
      }
    }

    int admin = bound.adminPort();
    List<String> test = strings(map(service.get("healthcheck")).get("test"));
    if (!test.contains(HEALTHCHECK_SCRIPT) || !test.contains(String.valueOf(admin))) {
      problems.add(id + ": healthcheck " + test + " does not probe admin port " + admin);
    }

    Duration stop = duration(String.valueOf(service.getOrDefault("stop_grace_period", "10s")));
    Duration drain = bound.drainTime();
    if (stop.compareTo(drain) < 0) {
      problems.add(id + ": stop_grace_period " + stop + " is shorter than its drain " + drain);
    }

    if (component == SpanflowComponent.STREAM_PROCESSOR) {
      String stateDir = String.valueOf(bound.value("--processor.state-dir"));
      boolean onVolume =
          strings(service.get("volumes")).stream()
              .anyMatch(v -> v.split(":").length > 1 && v.split(":")[1].equals(stateDir));
      if (!onVolume) {
        problems.add(id + ": state dir " + stateDir + " is not on a volume");
      }
    }

    Map<String, Object> build = map(service.get("build"));
    String dockerfile = String.valueOf(build.get("dockerfile"));
    Path path =
        root.resolve(String.valueOf(build.getOrDefault("context", "."))).resolve(dockerfile);
    if (!Files.isRegularFile(path)) {
      problems.add(id + ": Dockerfile " + path + " does not exist");
      return;
    }
    try {
      problems.addAll(DockerfileChecks.problems(component, Dockerfile.read(path)));
    } catch (IOException e) {
      problems.add(id + ": cannot read " + path + ": " + e);
    }
  }

  private void checkDependsOn(String name, Map<String, Object> service, Map<String, Object> all) {
    Object dependsOn = service.get("depends_on");
    if (dependsOn instanceof List<?>) {
      problems.add(name + ": depends_on without conditions " + dependsOn);
      return;
    }
    for (Map.Entry<String, Object> dep : map(dependsOn).entrySet()) {
      Map<String, Object> target = map(all.get(dep.getKey()));
      String condition = String.valueOf(map(dep.getValue()).get("condition"));
      if (target.isEmpty()) {
        problems.add(name + ": depends on unknown service " + dep.getKey());
      } else if (condition.equals("service_healthy") && !target.containsKey("healthcheck")) {
        problems.add(
            name + ": waits for " + dep.getKey() + " to be healthy, it has no healthcheck");
      } else if (condition.equals("service_completed_successfully")
          && !"no".equals(String.valueOf(target.getOrDefault("restart", "no")))) {
        problems.add(name + ": waits for " + dep.getKey() + " to complete, but it restarts");
      } else if (!Set.of("service_healthy", "service_completed_successfully", "service_started")
          .contains(condition)) {
        problems.add(name + ": depends on " + dep.getKey() + " with condition " + condition);
      }
    }
  }

  private void checkVolumes(String name, Map<String, Object> service) {
    Set<String> declared = map(compose.get("volumes")).keySet();
    for (String volume : strings(service.get("volumes"))) {
      String source = volume.split(":")[0];
      boolean bindMount = source.startsWith(".") || source.startsWith("/");
      if (bindMount && !Files.exists(root.resolve(source))) {
        problems.add(name + ": mounts " + source + ", which does not exist");
      } else if (!bindMount && !declared.contains(source)) {
        problems.add(name + ": named volume " + source + " is not declared");
      }
    }
  }

  /** The topic job creates every topic of Topics, compacts what ARCHITECTURE.md compacts. */
  private void checkTopics(Map<String, Object> services) {
    Map<String, Object> job = map(services.get(TOPICS_SERVICE));
    String script = String.join("\n", strings(job.get("command")));
    Map<String, String> created = TopicPlan.created(script);
    problems.addAll(TopicPlan.problems(TOPICS_SERVICE, created));
    // Every topic a component reads or writes, as configured here, must be one the job creates.
    for (SpanflowComponent component : SpanflowComponent.values()) {
      Map<String, Object> service = map(services.get(component.id()));
      BoundComponent bound =
          component.bind(strings(service.get("command")), environment(service.get("environment")));
      if (bound.bindError() != null) {
        continue; // reported by checkComponent
      }
      bound
          .topics()
          .forEach(
              (option, topic) -> {
                if (!created.containsKey(topic)) {
                  problems.add(component.id() + ": " + option + "=" + topic + " is not created");
                }
              });
    }
  }

  private void checkInfrastructureImages(Map<String, Object> services) {
    String kafka = AppInfoParser.getVersion();
    for (String name : List.of("kafka", TOPICS_SERVICE)) {
      String image = String.valueOf(map(services.get(name)).get("image"));
      if (!image.equals("apache/kafka:" + kafka)) {
        problems.add(name + ": image " + image + " is not apache/kafka:" + kafka + " (our client)");
      }
    }
    String es = String.valueOf(map(services.get("elasticsearch")).get("image"));
    if (!es.startsWith("docker.elastic.co/elasticsearch/elasticsearch:8.19.")) {
      problems.add("elasticsearch: image " + es + " is not Elasticsearch 8.19");
    }
  }

  // --- reading compose's flexible shapes ---------------------------------------------------

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> list) {
      list.forEach(v -> out.add(String.valueOf(v)));
    } else if (o instanceof String s) {
      out.addAll(List.of(s.strip().split("\\s+")));
    }
    return out;
  }

  /** compose's environment as a map: either {@code KEY: value} or a list of {@code KEY=value}. */
  static Map<String, String> environment(Object o) {
    Map<String, String> env = new LinkedHashMap<>();
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    } else if (o instanceof List<?> list) {
      for (Object item : list) {
        String s = String.valueOf(item);
        int eq = s.indexOf('=');
        env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
      }
    }
    return env;
  }

  static Duration duration(String compose) {
    Matcher m = Pattern.compile("^(?:(\\d+)m)?(?:(\\d+)s)?$").matcher(compose.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a compose duration: " + compose);
    }
    long minutes = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    long seconds = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    return Duration.ofMinutes(minutes).plusSeconds(seconds);
  }
}
