// SPDX-License-Identifier: GPL-3.0-or-later
package io.earshot.deploy;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.RedisServerExtension;
import io.earshot.testing.TestServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every probe of every Deployment in deploy/k8s/ asks a route that an instance with that
 * Deployment's ROLES really serves (read from the router it builds, as OpenApiRoutesTest does), on
 * the port its container declares, and that route answers 200 once the instance is up.
 */
class KubernetesProbesTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  @TempDir Path root;

  @Test
  void everyProbeAsksARouteTheInstanceWithThoseRolesServes() throws Exception {
    for (Deployment deployment : KubernetesManifestsTest.K8S.all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      Container container = KubernetesManifestsTest.container(deployment);
      String roles = KubernetesManifestsTest.roles(deployment).toString();
      try (TestServer instance =
          TestServer.start(
              TestServer.config(
                  Files.createDirectories(root.resolve(name)),
                  new JsonObject()
                      .put("roles", roles)
                      .put("redis_url", redis.url())
                      .put("redis_key_prefix", RedisServerExtension.freshPrefix())
                      .put("http_instances", 1)))) {
        Set<String> served = getRoutes(instance);
        int probes = 0;
        for (Probe probe :
            Stream.of(
                    container.getStartupProbe(),
                    container.getReadinessProbe(),
                    container.getLivenessProbe())
                .toList()) {
          assertNotNull(probe, name + ": startup, readiness and liveness probes");
          HTTPGetAction get = probe.getHttpGet();
          assertNotNull(get, name + ": an HTTP probe");
          String where = name + " (" + roles + ") probes " + get.getPath();
          assertTrue(served.contains(get.getPath()), where + ": no such route in " + served);
          assertEquals(
              Integer.parseInt(KubernetesManifestsTest.configMap().getData().get("PORT")),
              KubernetesManifestsTest.containerPort(container, get.getPort().getStrVal()),
              where + " on the port the instance listens on (PORT)");
          assertEquals(200, await(instance.client().get(get.getPath()).send()).statusCode(), where);
          probes++;
        }
        assertEquals(3, probes, name + ": startup, readiness and liveness");
      }
    }
  }

  private static Set<String> getRoutes(TestServer instance) {
    Set<String> out = new TreeSet<>();
    for (Route route : instance.service().newRouter().getRoutes()) {
      if (route.getPath() != null
          && route.isExactPath()
          && (route.methods() == null || route.methods().contains(HttpMethod.GET))) {
        out.add(route.getPath());
      }
    }
    return out;
  }
}
