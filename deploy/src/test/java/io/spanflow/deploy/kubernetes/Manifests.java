package io.spanflow.deploy.kubernetes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads Kubernetes manifests into fabric8's typed model. YAML is read with SnakeYAML (anchors and
 * aliases expanded, as kubectl does), then bound to the class of its apiVersion and kind; a field
 * the API does not have (a typo) is reported, not silently kept as an "additional property".
 */
final class Manifests {
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("apps/v1/DaemonSet", DaemonSet.class),
          Map.entry("apps/v1/StatefulSet", StatefulSet.class),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
          Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("batch/v1/Job", Job.class),
          Map.entry("batch/v1/CronJob", CronJob.class));

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /** One object of a manifest file, with where it came from. */
  record Manifest(String file, HasMetadata resource) {
    String where() {
      return file
          + " "
          + resource.getKind()
          + "/"
          + (resource.getMetadata() == null ? "?" : resource.getMetadata().getName());
    }
  }

  private Manifests() {}

  /** Every object of every *.yaml in {@code dir}; problems reading them go to {@code problems}. */
  static List<Manifest> read(Path dir, List<String> problems) throws IOException {
    List<Manifest> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      try (Reader reader = Files.newBufferedReader(file)) {
        for (Object doc : new Yaml().loadAll(reader)) {
          if (doc == null) {
            continue;
          }
          Map<?, ?> map = (Map<?, ?>) doc;
          String type = map.get("apiVersion") + "/" + map.get("kind");
          Class<? extends HasMetadata> cls = KINDS.get(type);
          if (cls == null) {
            problems.add(name + ": unexpected " + type);
            continue;
          }
          try {
            HasMetadata resource = MAPPER.convertValue(map, cls);
            unknownFields(resource, type, name, problems);
            out.add(new Manifest(name, resource));
          } catch (IllegalArgumentException e) {
            problems.add(name + ": " + type + " does not fit the API: " + e.getMessage());
          }
        }
      }
    }
    return out;
  }

  /** Walks the model; fabric8 keeps fields it does not know in getAdditionalProperties(). */
  private static void unknownFields(Object node, String path, String file, List<String> problems) {
    if (node == null) {
      return;
    }
    if (node instanceof Collection<?> c) {
      int i = 0;
      for (Object item : c) {
        unknownFields(item, path + "[" + i++ + "]", file, problems);
      }
      return;
    }
    if (node instanceof Map<?, ?> m) {
      m.forEach((k, v) -> unknownFields(v, path + "." + k, file, problems));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getName().equals("getClass")) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          problems.add(file + ": " + path + " has fields the API does not: " + extra.keySet());
        }
        continue;
      }
      unknownFields(value, path + "." + getter.getName().substring(3), file, problems);
    }
  }
}
