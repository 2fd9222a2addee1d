// SPDX-License-Identifier: GPL-3.0-or-later
package io.earshot.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.earshot.config.Role;
import io.earshot.config.Roles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml runs the API and the job workers as two services from one image, scaled apart,
 * that meet through the same Redis and the same data volume.
 */
class ComposeRolesTest {
  private final JsonNode services;

  ComposeRolesTest() throws IOException {
    services =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("docker-compose.yml").toFile())
            .path("services");
  }

  @Test
  void theApiServesHttpOnlyAndTheWorkerRunsEveryJobLane() {
    Roles api = roles("api");
    Roles worker = roles("worker");
    assertEquals(List.of("http"), api.names());
    assertEquals(List.of("training", "analysis"), worker.names());
    EnumSet<Role> together = EnumSet.noneOf(Role.class);
    together.addAll(api.set());
    together.addAll(worker.set());
    assertEquals(EnumSet.allOf(Role.class), together, "every role runs somewhere");
  }

  @Test
  void theWorkerScalesOnItsOwnAndSharesRedisTheDataVolumeAndTheImage() {
    JsonNode api = services.path("api");
    JsonNode worker = services.path("worker");
    assertAll(
        () -> assertTrue(worker.path("ports").isMissingNode(), "a host port would block --scale"),
        () -> assertTrue(worker.path("container_name").isMissingNode(), "--scale needs no name"),
        () -> assertEquals(api.path("image").asText(), worker.path("image").asText()),
        () -> assertEquals(env(api, "REDIS_URL"), env(worker, "REDIS_URL")),
        () -> assertEquals(env(api, "DATA_DIR"), env(worker, "DATA_DIR")),
        () -> assertEquals(env(api, "MODEL_DIR"), env(worker, "MODEL_DIR")),
        () ->
            assertTrue(
                strings(worker.path("volumes")).contains("data:" + env(api, "DATA_DIR")),
                "analysis workers read the recordings API instances keep in DATA_DIR"),
        () -> assertEquals(strings(api.path("volumes")), strings(worker.path("volumes"))),
        () ->
            assertEquals(
                "service_healthy",
                worker.path("depends_on").path("redis").path("condition").asText()));
  }

  @Test
  void everyVariableTheServicesSetIsOneEarshotReads() {
    Set<String> known = ConfigEnvironment.names();
    for (String service : List.of("api", "worker")) {
      Set<String> unknown = new TreeSet<>();
      services.path(service).path("environment").fieldNames().forEachRemaining(unknown::add);
      unknown.removeAll(known);
      assertEquals(Set.of(), unknown, service + " sets variables Earshot never reads");
    }
  }

  private Roles roles(String service) {
    return Roles.parse(env(services.path(service), "ROLES"));
  }

  private static String env(JsonNode service, String name) {
    JsonNode value = service.path("environment").path(name);
    assertTrue(value.isValueNode(), name + " is not set");
    return value.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
