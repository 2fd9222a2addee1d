// SPDX-License-Identifier: GPL-3.0-or-later
package io.earshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code kubectl apply -k deploy/k8s} would send, built by kubectl's own kustomize (no cluster
 * needed) and read back into typed objects: the generated Secret is the one the API refers to,
 * every object lands in the namespace, and the image is set once for both Deployments. Skipped
 * where kubectl is not installed.
 */
class KustomizeBuildTest {

  @Test
  void theKustomizationBuildsIntoOneNamespaceWithTheGeneratedSecretWired(@TempDir Path dir)
      throws Exception {
    String kubectl = DeployConfigTest.findTool("kubectl");
    assumeTrue(kubectl != null, "kubectl is not installed");
    Path copy = Files.createDirectories(dir.resolve("k8s"));
    try (Stream<Path> files = Files.list(KubernetesManifestsTest.DIR)) {
      for (Path file : files.filter(KubernetesManifests::isYaml).toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    Files.writeString(copy.resolve("api-key.env"), "API_KEY=built-in-a-test\n");
    Path built = dir.resolve("built.yaml");
    Process kustomize =
        new ProcessBuilder(kubectl, "kustomize", copy.toString())
            .redirectOutput(built.toFile())
            .redirectError(dir.resolve("kustomize.err").toFile())
            .start();
    assertTrue(kustomize.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize hangs");
    assertEquals(0, kustomize.exitValue(), Files.readString(dir.resolve("kustomize.err")));

    KubernetesManifests objects = KubernetesManifests.read(List.of(built));
    assertEquals(List.of(), objects.unknownFields());
    String namespace = objects.all(Namespace.class).get(0).getMetadata().getName();
    for (KubernetesManifests.Manifest manifest : objects.all()) {
      HasMetadata object = manifest.object();
      if (!(object instanceof Namespace)) {
        assertEquals(namespace, object.getMetadata().getNamespace(), object.getKind());
      }
    }
    Secret secret = objects.all(Secret.class).get(0);
    assertTrue(secret.getData().containsKey("API_KEY"));
    Deployment api = objects.named(Deployment.class, "api");
    assertEquals(
        secret.getMetadata().getName(),
        KubernetesManifestsTest.env(api, "API_KEY").getValueFrom().getSecretKeyRef().getName(),
        "the API reads the generated Secret, hash suffix and all");
    String image = KubernetesManifestsTest.container(api).getImage();
    assertNotEquals("earshot", image, "the kustomization's image is set");
    assertEquals(
        image,
        KubernetesManifestsTest.container(objects.named(Deployment.class, "worker")).getImage());
    assertFalse(objects.custom("ScaledObject", "worker").getMetadata().getNamespace().isEmpty());
  }
}
