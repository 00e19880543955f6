package io.spanflow.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spanflow.deploy.RepositoryFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitoring files fit together: rules load in Prometheus, panels use the provisioned source.
 */
class MonitoringFilesTest {

  @Test
  void everyRuleIsAnAlertWithSeverityAndSummary() throws IOException {
    Map<String, Object> rules = yaml("deploy/prometheus/spanflow-rules.yml");
    List<String> alerts = new ArrayList<>();
    for (Object group : (List<?>) rules.get("groups")) {
      for (Object r : (List<?>) ((Map<?, ?>) group).get("rules")) {
        Map<?, ?> rule = (Map<?, ?>) r;
        String name = String.valueOf(rule.get("alert"));
        alerts.add(name);
        assertThat(String.valueOf(rule.get("expr"))).as(name).isNotBlank();
        assertThat(String.valueOf(rule.get("for"))).as(name).matches("\\d+[smh]");
        assertThat(((Map<?, ?>) rule.get("labels")).containsKey("severity")).as(name).isTrue();
        assertThat(((Map<?, ?>) rule.get("annotations")).containsKey("summary")).as(name).isTrue();
      }
    }
    assertThat(alerts).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void composePrometheusLoadsTheRulesFileWhereComposeMountsIt() throws IOException {
    Map<String, Object> prometheus = yaml("deploy/prometheus/prometheus.yml");
    Map<?, ?> compose = (Map<?, ?>) yaml("compose.yaml").get("services");
    List<?> volumes = (List<?>) ((Map<?, ?>) compose.get("prometheus")).get("volumes");
    String rulesMount =
        volumes.stream()
            .map(String::valueOf)
            .filter(v -> v.startsWith("./deploy/prometheus/spanflow-rules.yml:"))
            .map(v -> v.split(":")[1])
            .findFirst()
            .orElseThrow();

    List<?> ruleFiles = (List<?>) prometheus.get("rule_files");
    assertThat(ruleFiles)
        .anyMatch(
            glob ->
                FileSystems.getDefault()
                    .getPathMatcher("glob:" + glob)
                    .matches(Path.of(rulesMount)));
  }

  @Test
  void everyPanelQueriesTheProvisionedDatasource() throws IOException {
    Map<String, Object> datasources =
        yaml("deploy/grafana/provisioning/datasources/prometheus.yml");
    String uid =
        String.valueOf(((Map<?, ?>) ((List<?>) datasources.get("datasources")).get(0)).get("uid"));
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(RepositoryFiles.resolve("deploy/grafana/spanflow-dashboard.json").toFile());

    int queried = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.path("datasource").path("uid").asText())
          .as(panel.path("title").asText())
          .isEqualTo(uid);
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      queried++;
    }
    assertThat(queried).isGreaterThanOrEqualTo(15);
    Map<String, Object> provider = yaml("deploy/grafana/provisioning/dashboards/spanflow.yml");
    String path =
        String.valueOf(
            ((Map<?, ?>) ((Map<?, ?>) ((List<?>) provider.get("providers")).get(0)).get("options"))
                .get("path"));
    assertThat(Files.readString(RepositoryFiles.resolve("compose.yaml")))
        .contains("./deploy/grafana/spanflow-dashboard.json:" + path + "/spanflow-dashboard.json");
  }

  private static Map<String, Object> yaml(String file) throws IOException {
    try (Reader r = Files.newBufferedReader(RepositoryFiles.resolve(file))) {
      return new Yaml().load(r);
    }
  }
}
