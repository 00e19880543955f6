package io.spanflow.deploy.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;

/**
 * Which metrics the alert rules and the dashboard read, which ones the components expose, and which
 * are named but exposed by none.
 */
final class MetricCoverage {
  /** Made by Prometheus itself for every target, not by a component. */
  static final Set<String> PROMETHEUS_SERIES = Set.of("up");

  private static final ObjectMapper JSON = new ObjectMapper();

  private MetricCoverage() {}

  /** Metric name → the rules and panels that read it. */
  static Map<String, Set<String>> named(Path rulesFile, Path dashboardFile) throws IOException {
    Map<String, Set<String>> named = new TreeMap<>();
    Map<String, Object> rules;
    try (Reader r = Files.newBufferedReader(rulesFile)) {
      rules = new Yaml().load(r);
    }
    for (Object group : (List<?>) rules.get("groups")) {
      for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
        Map<?, ?> rm = (Map<?, ?>) rule;
        for (String metric : PromQl.metricNames(String.valueOf(rm.get("expr")))) {
          named.computeIfAbsent(metric, k -> new TreeSet<>()).add("rule " + rm.get("alert"));
        }
      }
    }
    JsonNode dashboard = JSON.readTree(dashboardFile.toFile());
    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
    for (int i = 0; i < panels.size(); i++) {
      JsonNode panel = panels.get(i);
      panel.path("panels").forEach(panels::add); // panels inside collapsed rows
      for (JsonNode target : panel.path("targets")) {
        for (String metric : PromQl.metricNames(target.path("expr").asText())) {
          named
              .computeIfAbsent(metric, k -> new TreeSet<>())
              .add("panel '" + panel.path("title").asText() + "'");
        }
      }
    }
    return named;
  }

  /** Sample names in Prometheus text exposition (a histogram shows as _bucket, _sum, _count). */
  static Set<String> exposed(Collection<String> scrapes) {
    Set<String> names = new TreeSet<>();
    for (String scrape : scrapes) {
      for (String line : scrape.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
          end++;
        }
        names.add(line.substring(0, end));
      }
    }
    return names;
  }

  /** The named metrics that nothing exposes, with who names them. */
  static Map<String, Set<String>> missing(Map<String, Set<String>> named, Set<String> exposed) {
    Map<String, Set<String>> missing = new TreeMap<>();
    named.forEach(
        (metric, users) -> {
          if (!exposed.contains(metric) && !PROMETHEUS_SERIES.contains(metric)) {
            missing.put(metric, users);
          }
        });
    return missing;
  }
}
