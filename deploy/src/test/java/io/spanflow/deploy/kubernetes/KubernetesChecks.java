package io.spanflow.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.spanflow.deploy.components.BoundComponent;
import io.spanflow.deploy.components.ListenPort;
import io.spanflow.deploy.components.SpanflowComponent;
import io.spanflow.deploy.components.TopicPlan;
import io.spanflow.deploy.kubernetes.Manifests.Manifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks Kubernetes manifests against the components: flags and environment, ports, probes,
 * Services, the Ingress path, the agent's DaemonSet and grace periods, the topic job.
 */
final class KubernetesChecks {
  private final List<Manifest> manifests;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, ConfigMap> configMaps = new LinkedHashMap<>();

  /** A Spanflow container in a pod template, bound as its component would bind it. */
  record Workload(
      Manifest manifest, PodTemplateSpec template, Container container, BoundComponent bound) {}

  private KubernetesChecks(List<Manifest> manifests) {
    this.manifests = manifests;
  }

  static List<String> problems(List<Manifest> manifests) {
    KubernetesChecks checks = new KubernetesChecks(manifests);
    checks.run();
    return checks.problems;
  }

  private void run() {
    for (Manifest m : manifests) {
      if (m.resource() instanceof ConfigMap cm) {
        configMaps.put(cm.getMetadata().getName(), cm);
      }
    }
    List<Workload> workloads = new ArrayList<>();
    for (Manifest m : manifests) {
      PodTemplateSpec template = template(m.resource());
      if (template == null) {
        continue;
      }
      for (Container c : template.getSpec().getContainers()) {
        Optional<SpanflowComponent> component = componentOf(c.getImage());
        if (component.isPresent()) {
          Workload w = bind(m, template, c, component.get());
          if (w != null) {
            workloads.add(w);
          }
        } else if (c.getImage().startsWith("apache/kafka:")) {
          checkTopicJob(m, c);
        }
      }
    }
    for (SpanflowComponent component : SpanflowComponent.values()) {
      boolean deployed =
          workloads.stream()
              .anyMatch(w -> w.bound().component() == component && longRunning(w.manifest()));
      if (!deployed) {
        problems.add("no workload runs " + component.id());
      }
    }
    workloads.forEach(this::checkWorkload);
    checkDaemonSets(workloads);
    for (Manifest m : manifests) {
      if (m.resource() instanceof Service s) {
        checkService(m, s, workloads);
      } else if (m.resource() instanceof Ingress i) {
        checkIngress(m, i, workloads);
      }
    }
  }

  private Workload bind(Manifest m, PodTemplateSpec template, Container c, SpanflowComponent sc) {
    String where = m.where() + " container " + c.getName();
    if (c.getCommand() != null && !c.getCommand().isEmpty()) {
      problems.add(where + ": command replaces the image's entrypoint");
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : c.getEnv()) {
      env.put(e.getName(), envValue(where, e));
    }
    List<String> args = c.getArgs() == null ? List.of() : c.getArgs();
    BoundComponent bound = sc.bind(args, env);
    for (String unknown : bound.unknownEnvironmentNames(args)) {
      problems.add(where + ": environment variable " + unknown + " is not an option of " + sc.id());
    }
    if (bound.bindError() != null) {
      problems.add(where + ": does not start with these flags: " + bound.bindError().strip());
      return null;
    }
    return new Workload(m, template, c, bound);
  }

  private String envValue(String where, EnvVar e) {
    if (e.getValueFrom() == null) {
      return Objects.toString(e.getValue(), "");
    }
    var ref = e.getValueFrom().getConfigMapKeyRef();
    if (ref != null) {
      ConfigMap cm = configMaps.get(ref.getName());
      String value = cm == null || cm.getData() == null ? null : cm.getData().get(ref.getKey());
      if (value == null) {
        problems.add(
            where
                + ": "
                + e.getName()
                + " refers to missing "
                + ref.getName()
                + "/"
                + ref.getKey());
        return "";
      }
      return value;
    }
    return "from-" + e.getName().toLowerCase(Locale.ROOT); // fieldRef and the like: set at run time
  }

  private void checkWorkload(Workload w) {
    String where = w.manifest().where() + " container " + w.container().getName();
    BoundComponent bound = w.bound();
    PodSpec pod = w.template().getSpec();
    ResourceRequirements res = w.container().getResources();
    if (res == null
        || res.getRequests() == null
        || !res.getRequests().containsKey("cpu")
        || !res.getRequests().containsKey("memory")
        || res.getLimits() == null
        || !res.getLimits().containsKey("memory")) {
      problems.add(where + ": needs cpu and memory requests and a memory limit");
    }
    boolean nonRoot =
        (pod.getSecurityContext() != null
                && Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot()))
            || (w.container().getSecurityContext() != null
                && Boolean.TRUE.equals(w.container().getSecurityContext().getRunAsNonRoot()));
    if (!nonRoot) {
      problems.add(where + ": runAsNonRoot is not set");
    }
    if (!bound.hasOption("--admin.http.host-port")) {
      if (!w.container().getPorts().isEmpty()) {
        problems.add(where + ": declares ports but listens on none");
      }
      return; // a one-shot command (es-sink cleaner): no ports, no probes
    }

    Map<String, String> listening = new TreeMap<>();
    for (ListenPort p : bound.listenPorts()) {
      listening.put(p.port() + "/" + p.protocol(), p.option());
    }
    for (ContainerPort p : w.container().getPorts()) {
      String key = p.getContainerPort() + "/" + Objects.toString(p.getProtocol(), "TCP");
      if (!listening.containsKey(key)) {
        problems.add(where + ": containerPort " + key + " but it listens on " + listening.keySet());
      }
      if (p.getHostPort() != null
          && Boolean.TRUE.equals(pod.getHostNetwork())
          && !p.getHostPort().equals(p.getContainerPort())) {
        problems.add(where + ": with hostNetwork, hostPort must equal containerPort " + key);
      }
    }
    for (String port : listening.keySet()) {
      boolean declared =
          w.container().getPorts().stream()
              .anyMatch(
                  p ->
                      (p.getContainerPort() + "/" + Objects.toString(p.getProtocol(), "TCP"))
                          .equals(port));
      if (!declared) {
        problems.add(where + ": listens on " + port + " without a containerPort");
      }
    }

    int admin = bound.adminPort();
    checkProbe(
        where, "readinessProbe", w.container().getReadinessProbe(), w.container(), admin, true);
    checkProbe(
        where, "livenessProbe", w.container().getLivenessProbe(), w.container(), admin, false);

    Map<String, String> annotations = w.template().getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey("prometheus.io/port")) {
      if (!annotations.get("prometheus.io/port").equals(String.valueOf(admin))) {
        problems.add(
            where
                + ": prometheus.io/port "
                + annotations.get("prometheus.io/port")
                + " is not admin port "
                + admin);
      }
    } else if (isSpanflowPod(w)) {
      problems.add(where + ": no prometheus.io/port annotation");
    }

    Duration needed = bound.drainTime();
    long grace =
        pod.getTerminationGracePeriodSeconds() == null
            ? 30
            : pod.getTerminationGracePeriodSeconds();
    if (Duration.ofSeconds(grace).compareTo(needed) < 0) {
      problems.add(
          where
              + ": terminationGracePeriodSeconds "
              + grace
              + " is shorter than its drain "
              + needed);
    }

    if (bound.component() == SpanflowComponent.STREAM_PROCESSOR) {
      String stateDir = String.valueOf(bound.value("--processor.state-dir"));
      boolean persistent =
          w.container().getVolumeMounts().stream()
              .anyMatch(
                  vm ->
                      vm.getMountPath().equals(stateDir)
                          && w.manifest().resource() instanceof StatefulSet ss
                          && ss.getSpec().getVolumeClaimTemplates().stream()
                              .anyMatch(t -> t.getMetadata().getName().equals(vm.getName())));
      if (!persistent) {
        problems.add(where + ": state dir " + stateDir + " is not on a volumeClaimTemplate");
      }
    }
  }

  private static boolean isSpanflowPod(Workload w) {
    Map<String, String> labels = w.template().getMetadata().getLabels();
    return labels != null && "spanflow".equals(labels.get("app.kubernetes.io/part-of"));
  }

  private void checkProbe(
      String where, String kind, Probe probe, Container c, int admin, boolean mustBeHttp) {
    if (probe == null) {
      problems.add(where + ": no " + kind);
      return;
    }
    IntOrString port = null;
    if (probe.getHttpGet() != null) {
      port = probe.getHttpGet().getPort();
    } else if (probe.getTcpSocket() != null && !mustBeHttp) {
      port = probe.getTcpSocket().getPort();
    } else {
      problems.add(
          where + ": " + kind + " must be " + (mustBeHttp ? "an httpGet" : "httpGet or tcpSocket"));
      return;
    }
    Integer resolved = resolvePort(port, c);
    if (resolved == null || resolved != admin) {
      problems.add(
          where + ": " + kind + " probes port " + portText(port) + ", not admin port " + admin);
    }
  }

  private static String portText(IntOrString port) {
    return port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
  }

  private static Integer resolvePort(IntOrString port, Container c) {
    if (port == null) {
      return null;
    }
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return c.getPorts().stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElse(null);
  }

  private void checkDaemonSets(List<Workload> workloads) {
    for (Workload w : workloads) {
      if (!(w.manifest().resource() instanceof DaemonSet)) {
        continue;
      }
      String where = w.manifest().where();
      PodSpec pod = w.template().getSpec();
      if (!Boolean.TRUE.equals(pod.getHostNetwork())) {
        problems.add(where + ": an agent DaemonSet needs hostNetwork: true");
      }
      if (!"ClusterFirstWithHostNet".equals(pod.getDnsPolicy())) {
        problems.add(
            where
                + ": with hostNetwork, dnsPolicy must be ClusterFirstWithHostNet to resolve the collector");
      }
      for (ListenPort p : w.bound().listenPorts()) {
        if (p.protocol() != ListenPort.Protocol.UDP) {
          continue;
        }
        boolean onHost =
            w.container().getPorts().stream()
                .anyMatch(
                    cp ->
                        cp.getContainerPort() == p.port()
                            && "UDP".equals(cp.getProtocol())
                            && Integer.valueOf(p.port()).equals(cp.getHostPort()));
        if (!onHost) {
          problems.add(where + ": UDP " + p.port() + " is not a hostPort");
        }
      }
    }
  }

  private void checkService(Manifest m, Service s, List<Workload> workloads) {
    Map<String, String> selector = s.getSpec().getSelector();
    List<Workload> backing =
        workloads.stream()
            .filter(
                w ->
                    selector != null
                        && labelsMatch(w.template().getMetadata().getLabels(), selector))
            .toList();
    if (backing.isEmpty()) {
      problems.add(m.where() + ": selects no Spanflow pod");
      return;
    }
    for (ServicePort sp : s.getSpec().getPorts()) {
      IntOrString target =
          sp.getTargetPort() == null ? new IntOrString(sp.getPort()) : sp.getTargetPort();
      for (Workload w : backing) {
        Integer port = resolvePort(target, w.container());
        boolean listens =
            port != null
                && w.bound().listenPorts().stream()
                    .anyMatch(
                        lp ->
                            lp.port() == port
                                && lp.protocol()
                                    .name()
                                    .equals(Objects.toString(sp.getProtocol(), "TCP")));
        if (!listens) {
          problems.add(
              m.where()
                  + ": targetPort "
                  + portText(target)
                  + " is not a port "
                  + w.bound().component().id()
                  + " listens on");
        }
      }
    }
  }

  private void checkIngress(Manifest m, Ingress ingress, List<Workload> workloads) {
    for (IngressRule rule : ingress.getSpec().getRules()) {
      for (HTTPIngressPath path : rule.getHttp().getPaths()) {
        IngressServiceBackend backend = path.getBackend().getService();
        Service service =
            manifests.stream()
                .map(Manifest::resource)
                .filter(
                    r ->
                        r instanceof Service && r.getMetadata().getName().equals(backend.getName()))
                .map(Service.class::cast)
                .findFirst()
                .orElse(null);
        if (service == null) {
          problems.add(m.where() + ": backend service " + backend.getName() + " does not exist");
          continue;
        }
        boolean portExists =
            service.getSpec().getPorts().stream()
                .anyMatch(
                    sp ->
                        (backend.getPort().getName() != null
                                && backend.getPort().getName().equals(sp.getName()))
                            || (backend.getPort().getNumber() != null
                                && backend.getPort().getNumber().equals(sp.getPort())));
        if (!portExists) {
          problems.add(
              m.where() + ": service " + backend.getName() + " has no port " + backend.getPort());
        }
        for (Workload w : workloads) {
          if (labelsMatch(w.template().getMetadata().getLabels(), service.getSpec().getSelector())
              && w.bound().hasOption("--query.base-path")) {
            String basePath = normalize(String.valueOf(w.bound().value("--query.base-path")));
            if (!normalize(path.getPath()).equals(basePath)) {
              problems.add(
                  m.where()
                      + ": path "
                      + path.getPath()
                      + " but the query API serves under --query.base-path="
                      + basePath);
            }
          }
        }
      }
    }
  }

  private void checkTopicJob(Manifest m, Container c) {
    String script = String.join("\n", c.getArgs() == null ? List.of() : c.getArgs());
    problems.addAll(TopicPlan.problems(m.where(), TopicPlan.created(script)));
  }

  private static String normalize(String path) {
    String p = path.strip();
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.startsWith("/") ? p : "/" + p;
  }

  private static boolean labelsMatch(Map<String, String> labels, Map<String, String> selector) {
    return labels != null
        && selector != null
        && !selector.isEmpty()
        && labels.entrySet().containsAll(selector.entrySet());
  }

  private static boolean longRunning(Manifest m) {
    HasMetadata r = m.resource();
    return r instanceof Deployment || r instanceof DaemonSet || r instanceof StatefulSet;
  }

  private static PodTemplateSpec template(HasMetadata r) {
    if (r instanceof Deployment d) {
      return d.getSpec().getTemplate();
    } else if (r instanceof DaemonSet d) {
      return d.getSpec().getTemplate();
    } else if (r instanceof StatefulSet s) {
      return s.getSpec().getTemplate();
    } else if (r instanceof Job j) {
      return j.getSpec().getTemplate();
    } else if (r instanceof CronJob cj) {
      return cj.getSpec().getJobTemplate().getSpec().getTemplate();
    }
    return null;
  }

  /** {@code spanflow/edge-agent:0.1.0} → EDGE_AGENT. */
  static Optional<SpanflowComponent> componentOf(String image) {
    if (image == null || !image.startsWith("spanflow/")) {
      return Optional.empty();
    }
    String name = image.substring("spanflow/".length()).split(":")[0];
    return SpanflowComponent.byId(name);
  }
}
