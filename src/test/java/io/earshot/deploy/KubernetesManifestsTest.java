// SPDX-License-Identifier: GPL-3.0-or-later
package io.earshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.config.EarshotConfig;
import io.earshot.config.Roles;
import io.earshot.jobs.JobLane;
import io.earshot.jobs.redis.RedisJobQueue;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s/ read into fabric8's typed Kubernetes objects, without a cluster, and held against the
 * code: the KEDA lists are the queue keys Earshot uses, the ports and variables are the
 * configuration's, the grace period outlasts a job lease, the policies and selectors meet the
 * workloads they mean. {@link KubernetesProbesTest} checks the probes against running instances.
 */
class KubernetesManifestsTest {
  static final Path DIR = Path.of("deploy", "k8s");
  static final Path KUSTOMIZATION = DIR.resolve("kustomization.yaml");
  static final KubernetesManifests K8S =
      KubernetesManifests.read(KubernetesManifests.resources(KUSTOMIZATION));
  private static final EarshotConfig DEFAULTS = EarshotConfig.defaults();

  @Test
  void everyFileIsInTheKustomizationAndEveryObjectParsesWithNoUnknownField() throws IOException {
    Set<Path> files = new TreeSet<>();
    try (Stream<Path> listed = Files.list(DIR)) {
      listed.filter(KubernetesManifests::isYaml).forEach(files::add);
    }
    files.remove(KUSTOMIZATION);
    assertEquals(files, new TreeSet<>(KubernetesManifests.resources(KUSTOMIZATION)));
    assertEquals(List.of(), K8S.unknownFields(), "fields the Kubernetes types do not have");
    for (String kind :
        List.of(
            "Deployment",
            "StatefulSet",
            "Service",
            "ConfigMap",
            "PersistentVolumeClaim",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget",
            "NetworkPolicy",
            "Ingress",
            "ScaledObject")) {
      assertTrue(K8S.all().stream().anyMatch(m -> kind.equals(m.object().getKind())), "no " + kind);
    }
  }

  @Test
  void theApiServesHttpAndTheWorkerRunsEveryJobLane() throws IOException {
    assertEquals(Roles.parse("http"), roles(deployment("api")));
    assertEquals(Roles.parse("training,analysis"), roles(deployment("worker")));
    assertEquals(
        "earshot-api-key",
        env(deployment("api"), "API_KEY").getValueFrom().getSecretKeyRef().getName());
    JsonNode generator =
        KubernetesManifests.documents(KUSTOMIZATION).get(0).path("secretGenerator");
    assertEquals("earshot-api-key", generator.get(0).path("name").asText());
    assertTrue(
        Files.readString(Path.of(".gitignore")).lines().anyMatch("deploy/k8s/api-key.env"::equals),
        "the API key file stays out of git");
  }

  @Test
  void everyVariableSetIsOneEarshotReads() {
    Set<String> set = new TreeSet<>(configMap().getData().keySet());
    for (Deployment deployment : K8S.all(Deployment.class)) {
      container(deployment).getEnv().forEach(e -> set.add(e.getName()));
    }
    set.removeAll(ConfigEnvironment.names());
    assertEquals(Set.of(), set, "variables Earshot never reads");
  }

  @Test
  void kedaReadsTheQueueListsEarshotUsesUnderItsPrefixOnTheSameRedis() {
    String prefix =
        configMap().getData().getOrDefault("REDIS_KEY_PREFIX", DEFAULTS.redisKeyPrefix());
    GenericKubernetesResource scaled = K8S.custom("ScaledObject", "worker");
    Map<String, Object> spec = scaled.get("spec");
    assertEquals("worker", scaled.<String>get("spec", "scaleTargetRef", "name"));
    assertNotNull(deployment("worker"));
    List<Map<String, Object>> triggers = scaled.get("spec", "triggers");
    Set<String> lists = new TreeSet<>();
    URI redisUrl = URI.create(configMap().getData().get("REDIS_URL"));
    Service redis = K8S.named(Service.class, "redis");
    String namespace =
        KubernetesManifests.documents(KUSTOMIZATION).get(0).path("namespace").asText();
    for (Map<String, Object> trigger : triggers) {
      assertEquals("redis", trigger.get("type"));
      @SuppressWarnings("unchecked")
      Map<String, String> metadata = (Map<String, String>) trigger.get("metadata");
      lists.add(metadata.get("listName"));
      assertEquals(
          redis.getMetadata().getName() + "." + namespace + ".svc.cluster.local:" + port(redis),
          metadata.get("address"),
          "KEDA's operator runs in its own namespace: the full name of Earshot's Redis");
      assertEquals(redisUrl.getPath().substring(1), metadata.get("databaseIndex"));
    }
    assertEquals(
        new TreeSet<>(
            List.of(
                RedisJobQueue.queueKey(prefix, JobLane.TRAINING),
                RedisJobQueue.queueKey(prefix, JobLane.ANALYSIS))),
        lists);
    assertTrue(
        ((Number) spec.get("minReplicaCount")).intValue() >= 1,
        "claimed jobs leave the lists: at zero KEDA would scale away the worker running them");
  }

  @Test
  void portsAgreeWithTheConfigurationAndTheServices() {
    String port = String.valueOf(DEFAULTS.port());
    assertEquals(port, configMap().getData().get("PORT"));
    for (Deployment deployment : K8S.all(Deployment.class)) {
      assertEquals(DEFAULTS.port(), containerPort(container(deployment), "http"));
    }
    Service api = K8S.named(Service.class, "api");
    assertEquals(
        DEFAULTS.port(),
        containerPort(
            container(deployment("api")),
            api.getSpec().getPorts().get(0).getTargetPort().getStrVal()));
    for (Ingress ingress : K8S.all(Ingress.class)) {
      ingress
          .getSpec()
          .getRules()
          .forEach(
              rule ->
                  rule.getHttp()
                      .getPaths()
                      .forEach(
                          path -> {
                            assertEquals("api", path.getBackend().getService().getName());
                            assertEquals(
                                api.getSpec().getPorts().get(0).getName(),
                                path.getBackend().getService().getPort().getName());
                          }));
    }
    Service redis = K8S.named(Service.class, "redis");
    URI redisUrl = URI.create(configMap().getData().get("REDIS_URL"));
    assertEquals(redis.getMetadata().getName(), redisUrl.getHost());
    assertEquals(port(redis), redisUrl.getPort());
    Container redisContainer =
        K8S.named(StatefulSet.class, "redis")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertEquals(
        port(redis),
        containerPort(
            redisContainer, redis.getSpec().getPorts().get(0).getTargetPort().getStrVal()));
  }

  @Test
  void podsOutlastAJobLeaseWhenTheyStopAndTheApiLeavesTheServiceFirst() {
    long visibility = DEFAULTS.jobVisibilityTimeout().toSeconds();
    for (Deployment deployment : K8S.all(Deployment.class)) {
      long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
      assertTrue(grace > visibility, deployment.getMetadata().getName() + ": " + grace + " s");
      assertNotNull(container(deployment).getLifecycle().getPreStop().getExec());
      assertNull(deployment.getSpec().getReplicas(), "the autoscaler owns the count");
    }
    HorizontalPodAutoscaler hpa = K8S.named(HorizontalPodAutoscaler.class, "api");
    assertEquals("api", hpa.getSpec().getScaleTargetRef().getName());
    assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
    assertEquals(
        templateLabels(deployment("api")),
        K8S.named(PodDisruptionBudget.class, "api").getSpec().getSelector().getMatchLabels());
  }

  @Test
  void selectorsAndNetworkPoliciesMeetTheWorkloadsTheyMean() {
    Map<String, String> api = templateLabels(deployment("api"));
    Map<String, String> worker = templateLabels(deployment("worker"));
    Map<String, String> redis =
        K8S.named(StatefulSet.class, "redis").getSpec().getTemplate().getMetadata().getLabels();
    assertEquals(api, K8S.named(Service.class, "api").getSpec().getSelector());
    assertEquals(redis, K8S.named(Service.class, "redis").getSpec().getSelector());

    NetworkPolicy toRedis = K8S.named(NetworkPolicy.class, "redis");
    assertEquals(redis, toRedis.getSpec().getPodSelector().getMatchLabels());
    List<NetworkPolicyPeer> peers = toRedis.getSpec().getIngress().get(0).getFrom();
    assertEquals(
        List.of(api, worker),
        peers.stream()
            .filter(p -> p.getNamespaceSelector() == null)
            .map(p -> p.getPodSelector().getMatchLabels())
            .toList(),
        "in its namespace only the api and worker pods reach Redis");
    assertEquals(
        "keda",
        peers.stream()
            .filter(p -> p.getNamespaceSelector() != null)
            .findFirst()
            .orElseThrow()
            .getNamespaceSelector()
            .getMatchLabels()
            .get("kubernetes.io/metadata.name"),
        "and KEDA's operator, which reads the queue lengths");

    NetworkPolicy toApi = K8S.named(NetworkPolicy.class, "api");
    assertEquals(api, toApi.getSpec().getPodSelector().getMatchLabels());
    for (NetworkPolicyPeer peer : toApi.getSpec().getIngress().get(0).getFrom()) {
      assertNull(peer.getPodSelector(), "no pod of Earshot's namespace reaches the API");
      assertNotNull(peer.getNamespaceSelector(), "the ingress controller's namespace");
    }
    NetworkPolicy toWorker = K8S.named(NetworkPolicy.class, "worker");
    assertEquals(worker, toWorker.getSpec().getPodSelector().getMatchLabels());
    assertTrue(toWorker.getSpec().getIngress().isEmpty(), "nothing connects to a worker");
  }

  @Test
  void apiAndWorkersShareOneReadWriteManyDataVolumeAtDataDir() {
    PersistentVolumeClaim data = K8S.named(PersistentVolumeClaim.class, "earshot-data");
    assertEquals(List.of("ReadWriteMany"), data.getSpec().getAccessModes());
    for (Deployment deployment : K8S.all(Deployment.class)) {
      var pod = deployment.getSpec().getTemplate().getSpec();
      String volume =
          pod.getVolumes().stream()
              .filter(v -> v.getPersistentVolumeClaim() != null)
              .filter(v -> "earshot-data".equals(v.getPersistentVolumeClaim().getClaimName()))
              .findFirst()
              .orElseThrow()
              .getName();
      assertTrue(
          container(deployment).getVolumeMounts().stream()
              .anyMatch(
                  m ->
                      volume.equals(m.getName())
                          && m.getMountPath().equals(configMap().getData().get("DATA_DIR"))),
          deployment.getMetadata().getName() + " mounts DATA_DIR from the shared claim");
    }
    assertFalse(K8S.all(Namespace.class).isEmpty());
  }

  static Deployment deployment(String name) {
    return K8S.named(Deployment.class, name);
  }

  static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static ConfigMap configMap() {
    return K8S.named(ConfigMap.class, "earshot-config");
  }

  static Roles roles(Deployment deployment) {
    return Roles.parse(env(deployment, "ROLES").getValue());
  }

  static EnvVar env(Deployment deployment, String name) {
    return container(deployment).getEnv().stream()
        .filter(e -> name.equals(e.getName()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(deployment.getMetadata().getName() + " sets no " + name));
  }

  static int containerPort(Container container, String name) {
    return container.getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + name))
        .getContainerPort();
  }

  private static int port(Service service) {
    return service.getSpec().getPorts().get(0).getPort();
  }

  private static Map<String, String> templateLabels(Deployment deployment) {
    return deployment.getSpec().getTemplate().getMetadata().getLabels();
  }
}
