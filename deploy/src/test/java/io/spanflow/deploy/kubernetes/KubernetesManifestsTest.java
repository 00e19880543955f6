package io.spanflow.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.deploy.RepositoryFiles;
import io.spanflow.deploy.kubernetes.Manifests.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes/*.yaml read with fabric8's model and held to the components. Each check is
 * shown to pass on the repository's manifests and to fail on a copy with one thing broken.
 */
class KubernetesManifestsTest {
  private static final Path MANIFESTS = RepositoryFiles.resolve("deploy/kubernetes");

  @TempDir Path copy;

  @Test
  void theManifestsFitTheApiAndTheComponents() throws IOException {
    List<String> problems = new ArrayList<>();
    List<Manifest> manifests = Manifests.read(MANIFESTS, problems);
    problems.addAll(KubernetesChecks.problems(manifests));

    assertThat(problems).isEmpty();
    assertThat(manifests)
        .extracting(m -> m.resource().getKind())
        .contains(
            "Namespace",
            "ConfigMap",
            "DaemonSet",
            "Deployment",
            "StatefulSet",
            "Service",
            "Ingress",
            "Job",
            "CronJob");
  }

  @Test
  void aFieldTheApiDoesNotHaveIsCaught() throws IOException {
    assertThat(
            problemsAfter("40-es-sink.yaml", s -> s.replace("readinessProbe:", "readynessProbe:")))
        .anyMatch(p -> p.contains("has fields the API does not: [readynessProbe]"))
        .anyMatch(p -> p.contains("spanflow-es-sink: no readinessProbe"));
  }

  @Test
  void aFlagTheAgentDoesNotHaveIsCaught() throws IOException {
    assertThat(
            problemsAfter(
                "20-edge-agent-daemonset.yaml",
                s -> s.replace("--discovery.conn-check-timeout=500ms", "--discovery.min-peers=3")))
        .anyMatch(
            p ->
                p.contains("does not start with these flags")
                    && p.contains("--discovery.min-peers"));
  }

  @Test
  void anEnvironmentVariableThatIsNoOptionIsCaught() throws IOException {
    assertThat(
            problemsAfter(
                "50-query-api.yaml",
                s -> s.replace("- name: ES_INDEX_PREFIX", "- name: SPAN_STORAGE_TYPE")))
        .anyMatch(p -> p.contains("SPAN_STORAGE_TYPE is not an option of query-api"));
  }

  @Test
  void aConfigMapKeyThatDoesNotExistIsCaught() throws IOException {
    assertThat(
            problemsAfter(
                "01-storage-config.yaml", s -> s.replace("es.server-urls:", "es.server-url:")))
        .anyMatch(
            p -> p.contains("ES_SERVER_URLS refers to missing spanflow-storage/es.server-urls"));
  }

  @Test
  void aProbeOnAnotherPortIsCaught() throws IOException {
    assertThat(
            problemsAfter(
                "20-edge-agent-daemonset.yaml",
                s ->
                    s.replace("httpGet: {path: /, port: 14271}", "httpGet: {path: /, port: 5778}")))
        .anyMatch(p -> p.contains("readinessProbe probes port 5778, not admin port 14271"));
  }

  @Test
  void aContainerPortTheComponentDoesNotListenOnIsCaught() throws IOException {
    assertThat(
            problemsAfter(
                "10-collector-gateway.yaml",
                s -> s.replace("containerPort: 14268", "containerPort: 14267")))
        .anyMatch(p -> p.contains("containerPort 14267/TCP but it listens on"))
        .anyMatch(p -> p.contains("listens on 14268/TCP without a containerPort"));
  }

  @Test
  void aServiceTargetPortThatIsNotListenedOnIsCaught() throws IOException {
    assertThat(
            problemsAfter(
                "10-collector-gateway.yaml",
                s -> s.replace("targetPort: zipkin", "targetPort: 9412")))
        .anyMatch(p -> p.contains("Service/spanflow-collector: targetPort 9412 is not a port"));
  }

  @Test
  void aDaemonSetWithoutHostNetworkIsCaught() throws IOException {
    assertThat(
            problemsAfter(
                "20-edge-agent-daemonset.yaml",
                s ->
                    s.replace("hostNetwork: true", "hostNetwork: false")
                        .replace("dnsPolicy: ClusterFirstWithHostNet", "dnsPolicy: ClusterFirst")
                        .replace(
                            "{name: jaeger-compact, containerPort: 6831, hostPort: 6831, protocol: UDP}",
                            "{name: jaeger-compact, containerPort: 6831, protocol: UDP}")))
        .anyMatch(p -> p.endsWith("an agent DaemonSet needs hostNetwork: true"))
        .anyMatch(p -> p.contains("dnsPolicy must be ClusterFirstWithHostNet"))
        .anyMatch(p -> p.endsWith("UDP 6831 is not a hostPort"));
  }

  @Test
  void aGracePeriodShorterThanTheAgentsDrainIsCaught() throws IOException {
    assertThat(
            problemsAfter(
                "21-edge-agent-sidecar-example.yaml",
                s -> s.replace("--reporter.flush-timeout=10s", "--reporter.flush-timeout=40s")))
        .anyMatch(
            p -> p.contains("terminationGracePeriodSeconds 30 is shorter than its drain PT50S"));
  }

  @Test
  void anIngressPathThatIsNotTheQueryBasePathIsCaught() throws IOException {
    assertThat(
            problemsAfter(
                "50-query-api.yaml",
                s -> s.replace("--query.base-path=/jaeger", "--query.base-path=/tracing")))
        .anyMatch(
            p ->
                p.contains(
                    "path /jaeger but the query API serves under --query.base-path=/tracing"));
  }

  @Test
  void processorStateOffItsVolumeClaimIsCaught() throws IOException {
    assertThat(
            problemsAfter(
                "30-stream-processor.yaml",
                s ->
                    s.replace(
                        "--processor.state-dir=/var/lib/spanflow/streams",
                        "--processor.state-dir=/tmp/streams")))
        .anyMatch(p -> p.contains("state dir /tmp/streams is not on a volumeClaimTemplate"));
  }

  @Test
  void aTopicTheJobDoesNotCreateIsCaught() throws IOException {
    assertThat(
            problemsAfter(
                "02-kafka-topics-job.yaml",
                s -> s.replace("create spanflow.es.dlq 6", "create spanflow.es-dlq 6")))
        .anyMatch(p -> p.endsWith("does not create topic spanflow.es.dlq"));
  }

  /** Copies the manifests, edits one file, and returns every problem found in the copy. */
  private List<String> problemsAfter(String file, UnaryOperator<String> edit) throws IOException {
    try (Stream<Path> files = Files.list(MANIFESTS)) {
      for (Path p : files.toList()) {
        Files.copy(p, copy.resolve(p.getFileName()));
      }
    }
    Path target = copy.resolve(file);
    String original = Files.readString(target);
    String edited = edit.apply(original);
    assertThat(edited).as("the edit applies to " + file).isNotEqualTo(original);
    Files.writeString(target, edited);
    List<String> problems = new ArrayList<>();
    List<Manifest> manifests = Manifests.read(copy, problems);
    problems.addAll(KubernetesChecks.problems(manifests));
    return problems;
  }
}
