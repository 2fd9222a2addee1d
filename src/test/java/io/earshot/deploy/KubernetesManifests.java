// SPDX-License-Identifier: GPL-3.0-or-later
package io.earshot.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The objects of a set of Kubernetes manifests, each read into its fabric8 type by apiVersion and
 * kind, with the file it came from. KEDA's ScaledObject is a custom resource: it stays a {@link
 * GenericKubernetesResource}. Fabric8's types keep fields they do not know aside instead of
 * failing, so {@link #unknownFields()} walks every object for them: a misspelt field is an error
 * here, as {@code kubectl apply} would make it one.
 */
final class KubernetesManifests {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Map<String, Class<? extends HasMetadata>> TYPES =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Secret", Secret.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("apps/v1/StatefulSet", StatefulSet.class),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
          Map.entry("keda.sh/v1alpha1/ScaledObject", GenericKubernetesResource.class));

  /** One object and the file it is in. */
  record Manifest(Path file, HasMetadata object) {}

  private final List<Manifest> manifests;

  private KubernetesManifests(List<Manifest> manifests) {
    this.manifests = List.copyOf(manifests);
  }

  /** Every document of every file, in order. */
  static KubernetesManifests read(List<Path> files) {
    List<Manifest> out = new ArrayList<>();
    for (Path file : files) {
      for (JsonNode document : documents(file)) {
        String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        Class<? extends HasMetadata> kind = TYPES.get(type);
        if (kind == null) {
          throw new IllegalArgumentException(file + ": no typed model for " + type);
        }
        try {
          out.add(new Manifest(file, YAML.treeToValue(document, kind)));
        } catch (IOException e) {
          throw new IllegalArgumentException(file + ": " + type + " does not parse: " + e, e);
        }
      }
    }
    return new KubernetesManifests(out);
  }

  /** The YAML documents of a file ({@code ---} separated), empty ones left out. */
  static List<JsonNode> documents(Path file) {
    try {
      List<JsonNode> out = new ArrayList<>();
      for (JsonNode document :
          YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          out.add(document);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Manifest> all() {
    return manifests;
  }

  <T extends HasMetadata> List<T> all(Class<T> kind) {
    return manifests.stream()
        .map(Manifest::object)
        .filter(kind::isInstance)
        .map(kind::cast)
        .toList();
  }

  <T extends HasMetadata> T named(Class<T> kind, String name) {
    return all(kind).stream()
        .filter(o -> name.equals(o.getMetadata().getName()))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no " + kind.getSimpleName() + " " + name));
  }

  GenericKubernetesResource custom(String kind, String name) {
    return all(GenericKubernetesResource.class).stream()
        .filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName()))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no " + kind + " " + name));
  }

  /** "file: Kind/name: .path.to.field: [names]" for every field a typed model did not know. */
  List<String> unknownFields() {
    List<String> out = new ArrayList<>();
    for (Manifest manifest : manifests) {
      if (manifest.object() instanceof GenericKubernetesResource) {
        continue; // a custom resource is all "unknown" fields by design
      }
      String where =
          manifest.file().getFileName()
              + ": "
              + manifest.object().getKind()
              + "/"
              + manifest.object().getMetadata().getName();
      walk(manifest.object(), where + ": ", out);
    }
    return out;
  }

  private static void walk(Object value, String path, List<String> out) {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", out);
      }
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "." + key, out));
    } else if (value != null && value.getClass().getName().startsWith("io.fabric8.")) {
      for (Method getter : value.getClass().getMethods()) {
        if (getter.getParameterCount() > 0
            || !getter.getName().startsWith("get")
            || Modifier.isStatic(getter.getModifiers())
            || getter.getDeclaringClass() == Object.class) {
          continue;
        }
        Object field = invoke(getter, value);
        if (getter.getName().equals("getAdditionalProperties")) {
          if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
            out.add(path + ": " + extra.keySet());
          }
        } else {
          walk(field, path + "." + getter.getName().substring(3), out);
        }
      }
    }
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return null; // a computed getter that does not apply here (e.g. a quantity's number)
    }
  }

  /** The files a kustomization lists under {@code resources}. */
  static List<Path> resources(Path kustomization) {
    List<Path> out = new ArrayList<>();
    JsonNode root = documents(kustomization).get(0);
    root.path("resources").forEach(r -> out.add(kustomization.resolveSibling(r.asText())));
    return out;
  }

  static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }
}
