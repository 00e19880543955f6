package io.spanflow.deploy.compose;

import io.spanflow.deploy.components.BoundComponent;
import io.spanflow.deploy.components.ListenPort;
import io.spanflow.deploy.components.SpanflowComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Checks a component's Dockerfile against the component it packages. */
final class DockerfileChecks {
  private DockerfileChecks() {}

  static List<String> problems(SpanflowComponent component, Dockerfile file) {
    List<String> problems = new ArrayList<>();
    String where = component.id() + " " + file.path().getFileName() + ": ";
    BoundComponent bound = component.bind(List.of(), file.env());
    if (bound.bindError() != null) {
      problems.add(where + "its ENV does not bind: " + bound.bindError().strip());
      return problems;
    }
    for (String unknown : bound.unknownEnvironmentNames(List.of())) {
      problems.add(where + "ENV " + unknown + " is not an option");
    }

    List<String> from = file.fromImages();
    if (from.size() < 2) {
      problems.add(where + "not multi-stage: " + from);
    } else {
      String runtime = from.get(from.size() - 1);
      if (!runtime.startsWith("eclipse-temurin:17") || !runtime.contains("jre")) {
        problems.add(where + "runs on " + runtime + ", not an Eclipse Temurin 17 JRE");
      }
    }
    boolean builds =
        file.runCommands().stream()
            .anyMatch(r -> r.contains("./mvnw") && r.contains("-pl " + component.id() + " "));
    if (!builds) {
      problems.add(where + "no stage builds the module with ./mvnw -pl " + component.id());
    }

    Set<String> exposed = new TreeSet<>();
    for (String e : file.exposed()) {
      exposed.add(e.contains("/") ? e.toLowerCase(Locale.ROOT) : e + "/tcp");
    }
    Set<String> listening = new TreeSet<>();
    for (ListenPort p : bound.listenPorts()) {
      listening.add(p.port() + "/" + p.protocol().name().toLowerCase(Locale.ROOT));
    }
    if (!exposed.equals(listening)) {
      problems.add(where + "EXPOSE " + exposed + " but the component listens on " + listening);
    }

    String user = file.user();
    if (user == null || user.equals("root") || user.startsWith("0")) {
      problems.add(where + "runs as root (USER " + user + ")");
    }

    String health = String.valueOf(file.healthcheck());
    if (!health.contains(ComposeChecks.HEALTHCHECK_SCRIPT)
        || !health.contains("\"" + bound.adminPort() + "\"")) {
      problems.add(
          where + "HEALTHCHECK " + health + " does not probe admin port " + bound.adminPort());
    }

    String entrypoint = String.valueOf(file.entrypoint());
    if (!entrypoint.contains("\"" + component.mainClass().getName() + "\"")) {
      problems.add(where + "ENTRYPOINT " + entrypoint + " does not run " + component.mainClass());
    }

    if (component == SpanflowComponent.STREAM_PROCESSOR) {
      String stateDir = String.valueOf(bound.value("--processor.state-dir"));
      if (!file.volumes().contains(stateDir)) {
        problems.add(where + "state dir " + stateDir + " is not a VOLUME " + file.volumes());
      }
    }
    return problems;
  }
}
