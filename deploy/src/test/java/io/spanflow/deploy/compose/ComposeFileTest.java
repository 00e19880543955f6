package io.spanflow.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.deploy.RepositoryFiles;
import io.spanflow.deploy.components.SpanflowComponent;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * compose.yaml and the Dockerfiles it builds, held to the components: each check is shown to pass
 * on the repository's file and to fail on a copy with one thing broken.
 */
class ComposeFileTest {
  private static final Path ROOT = RepositoryFiles.root();

  private Map<String, Object> compose;

  @BeforeEach
  void load() throws IOException {
    compose = read(ROOT.resolve("compose.yaml"));
  }

  @Test
  void theComposeFileFitsTheComponents() {
    assertThat(ComposeChecks.problems(compose, ROOT)).isEmpty();
  }

  @Test
  void everyComponentIsAServiceBuiltFromItsOwnDockerfile() {
    for (SpanflowComponent c : SpanflowComponent.values()) {
      Map<String, Object> build = ComposeChecks.map(service(c.id()).get("build"));
      assertThat(build.get("dockerfile")).as(c.id()).isEqualTo(c.id() + "/Dockerfile");
      assertThat(ROOT.resolve(c.id() + "/Dockerfile")).isRegularFile();
    }
  }

  @Test
  void aPublishedPortTheComponentDoesNotListenOnIsCaught() {
    ports("collector-gateway").set(0, "14251:14251");

    assertThat(ComposeChecks.problems(compose, ROOT))
        .anyMatch(p -> p.startsWith("collector-gateway: publishes 14251/tcp"))
        .anyMatch(p -> p.startsWith("collector-gateway: listens on 14250/tcp"));
  }

  @Test
  void aUdpPortPublishedAsTcpIsCaught() {
    ports("edge-agent").set(0, "6831:6831");

    assertThat(ComposeChecks.problems(compose, ROOT))
        .anyMatch(p -> p.startsWith("edge-agent: publishes 6831/tcp"));
  }

  @Test
  void aPortMovedByAnOptionMustBePublishedWhereTheComponentNowListens() {
    env("query-api").put("QUERY_HTTP_SERVER_HOST_PORT", ":16600");

    assertThat(ComposeChecks.problems(compose, ROOT))
        .anyMatch(p -> p.startsWith("query-api: publishes 16686/tcp"))
        .anyMatch(p -> p.startsWith("query-api: listens on 16600/tcp"));
  }

  @Test
  void anEnvironmentVariableThatIsNoOptionIsCaught() {
    env("es-sink").put("ES_SERVER_URL", "http://elasticsearch:9200"); // missing S

    assertThat(ComposeChecks.problems(compose, ROOT))
        .contains("es-sink: environment variable ES_SERVER_URL is not an option of es-sink");
  }

  @Test
  void anInvalidOptionValueIsCaught() {
    env("edge-agent").put("REPORTER_GRPC_TIMEOUT", "soon");

    assertThat(ComposeChecks.problems(compose, ROOT))
        .anyMatch(p -> p.startsWith("edge-agent: does not start with this configuration"));
  }

  @Test
  void aHealthcheckOnAnotherPortIsCaught() {
    ComposeChecks.map(service("stream-processor").get("healthcheck"))
        .put("test", List.of("CMD", ComposeChecks.HEALTHCHECK_SCRIPT, "14270"));

    assertThat(ComposeChecks.problems(compose, ROOT))
        .anyMatch(p -> p.startsWith("stream-processor: healthcheck") && p.endsWith("14272"));
  }

  @Test
  void waitingForHealthOfAServiceWithoutHealthcheckIsCaught() {
    service("elasticsearch").remove("healthcheck");

    assertThat(ComposeChecks.problems(compose, ROOT))
        .contains(
            "query-api: waits for elasticsearch to be healthy, it has no healthcheck",
            "es-sink: waits for elasticsearch to be healthy, it has no healthcheck");
  }

  @Test
  void aStopGracePeriodShorterThanTheAgentsDrainIsCaught() {
    service("edge-agent").put("stop_grace_period", "10s");

    assertThat(ComposeChecks.problems(compose, ROOT))
        .anyMatch(p -> p.startsWith("edge-agent: stop_grace_period PT10S is shorter"));
  }

  @Test
  void aTopicTheJobDoesNotCreateIsCaught() {
    List<String> command = ComposeChecks.strings(service("kafka-topics").get("command"));
    String script =
        command.get(0).replace("create spanflow.service-operations 3", "create service-ops 3");
    service("kafka-topics").put("command", List.of(script));

    assertThat(ComposeChecks.problems(compose, ROOT))
        .contains("kafka-topics: does not create topic spanflow.service-operations");
  }

  @Test
  void aComponentConfiguredForATopicThatIsNotCreatedIsCaught() {
    env("collector-gateway").put("KAFKA_PRODUCER_TOPIC", "jaeger_spans");

    assertThat(ComposeChecks.problems(compose, ROOT))
        .contains("collector-gateway: --kafka.producer.topic=jaeger_spans is not created");
  }

  @Test
  void theKafkaImageMatchesOurKafkaClient() {
    service("kafka").put("image", "apache/kafka:3.9.1");

    assertThat(ComposeChecks.problems(compose, ROOT))
        .anyMatch(p -> p.startsWith("kafka: image apache/kafka:3.9.1 is not apache/kafka:4.3"));
  }

  @Test
  void theDockerfileMustExposeWhatTheComponentListensOn(@TempDir Path tmp) throws IOException {
    Path broken = tmp.resolve("query-api/Dockerfile");
    Files.createDirectories(broken.getParent());
    Files.writeString(
        broken,
        Files.readString(ROOT.resolve("query-api/Dockerfile"))
            .replace("EXPOSE 16686 16687", "EXPOSE 16686 16688")
            .replace("USER 10001:10001", "USER root"));
    Dockerfile file = Dockerfile.read(broken);

    assertThat(DockerfileChecks.problems(SpanflowComponent.QUERY_API, file))
        .anyMatch(p -> p.contains("EXPOSE [16686/tcp, 16688/tcp] but the component listens on"))
        .anyMatch(p -> p.contains("runs as root"));
  }

  @Test
  void aMissingDockerfileIsCaught() {
    ComposeChecks.map(service("es-sink").get("build")).put("dockerfile", "sink/Dockerfile");

    assertThat(ComposeChecks.problems(compose, ROOT))
        .anyMatch(p -> p.startsWith("es-sink: Dockerfile") && p.endsWith("does not exist"));
  }

  @Test
  void prometheusScrapesEveryAdminPortAndNothingElse() throws IOException {
    Map<String, Object> prometheus = read(ROOT.resolve("deploy/prometheus/prometheus.yml"));
    Set<String> targets = new TreeSet<>();
    for (Object job : (List<?>) prometheus.get("scrape_configs")) {
      for (Object sc : (List<?>) ComposeChecks.map(job).get("static_configs")) {
        Map<String, Object> config = ComposeChecks.map(sc);
        String component = String.valueOf(ComposeChecks.map(config.get("labels")).get("component"));
        for (String t : ComposeChecks.strings(config.get("targets"))) {
          targets.add(t + " " + component);
        }
      }
    }
    Set<String> expected = new TreeSet<>();
    for (SpanflowComponent c : SpanflowComponent.values()) {
      expected.add(c.id() + ":" + c.defaults().adminPort() + " " + c.id());
    }
    assertThat(targets).isEqualTo(expected);
    assertThat(service("prometheus").get("profiles")).isEqualTo(List.of("monitoring"));
    assertThat(service("grafana").get("profiles")).isEqualTo(List.of("monitoring"));
  }

  // --- helpers that reach into the parsed file, to break one thing at a time ---------------

  private Map<String, Object> service(String name) {
    Map<String, Object> services = ComposeChecks.map(compose.get("services"));
    Map<String, Object> copy = new LinkedHashMap<>(ComposeChecks.map(services.get(name)));
    copy.replaceAll((k, v) -> v instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : v);
    services.put(name, copy);
    return copy;
  }

  private List<String> ports(String name) {
    List<String> ports = new ArrayList<>(ComposeChecks.strings(service(name).get("ports")));
    Map<String, Object> services = ComposeChecks.map(compose.get("services"));
    ComposeChecks.map(services.get(name)).put("ports", ports);
    return ports;
  }

  private Map<String, Object> env(String name) {
    Map<String, Object> service = service(name);
    Map<String, Object> env = new LinkedHashMap<>(ComposeChecks.map(service.get("environment")));
    service.put("environment", env);
    return env;
  }

  private static Map<String, Object> read(Path path) throws IOException {
    try (Reader reader = Files.newBufferedReader(path)) {
      Map<String, Object> parsed = new Yaml().load(reader);
      return parsed;
    }
  }
}
