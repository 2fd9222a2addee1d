package io.earshot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolesTest {

  @Test
  void byDefaultOneInstanceRunsEveryRole() {
    Roles roles = EarshotConfig.defaults().roles();
    assertEquals(Roles.ALL, roles);
    assertEquals(List.of("http", "training", "analysis"), roles.names());
  }

  @Test
  void theEnvironmentNamesRolesInAnyOrderCaseAndSpacing(@TempDir Path dir) {
    Roles roles =
        EarshotConfig.load(dir.resolve("none.json"), Map.of("ROLES", " Analysis , training"))
            .roles();
    assertEquals(List.of("training", "analysis"), roles.names(), "always in the same order");
    assertFalse(roles.has(Role.HTTP));
    assertEquals("training,analysis", roles.toString());
  }

  @Test
  void theFileTakesAListOrAStringAndTheEnvironmentWins(@TempDir Path dir) throws Exception {
    Path list = Files.writeString(dir.resolve("list.json"), "{\"roles\": [\"http\"]}");
    assertEquals(List.of("http"), EarshotConfig.load(list, Map.of()).roles().names());
    Path text = Files.writeString(dir.resolve("text.json"), "{\"roles\": \"training\"}");
    assertEquals(List.of("training"), EarshotConfig.load(text, Map.of()).roles().names());
    assertEquals(
        List.of("http", "analysis"),
        EarshotConfig.load(text, Map.of("ROLES", "http,analysis")).roles().names());
  }

  @Test
  void anUnknownRoleIsRefusedNamingTheSettingTheValueAndTheRolesThereAre(@TempDir Path dir) {
    ConfigException refused =
        assertThrows(
            ConfigException.class,
            () -> EarshotConfig.load(dir.resolve("none.json"), Map.of("ROLES", "http,worker")));
    String message = refused.getMessage();
    assertTrue(message.contains("environment variable ROLES"), message);
    assertTrue(message.contains("unknown role 'worker'"), message);
    assertTrue(message.contains("http, training, analysis"), message);
  }

  @Test
  void anEmptyListOfRolesIsRefused(@TempDir Path dir) throws Exception {
    Path none = Files.writeString(dir.resolve("none.json"), "{\"roles\": []}");
    ConfigException refused =
        assertThrows(ConfigException.class, () -> EarshotConfig.load(none, Map.of()));
    assertTrue(refused.getMessage().contains("config key roles"), refused.getMessage());
    assertTrue(refused.getMessage().contains("at least one role"), refused.getMessage());
    assertThrows(
        ConfigException.class,
        () -> EarshotConfig.load(dir.resolve("missing.json"), Map.of("ROLES", " , ")));
  }

  @Test
  void onlyAllRolesTogetherMayRunWithoutRedis() {
    Roles.ALL.requireSharedQueue(false);
    Roles.parse("http").requireSharedQueue(true);
    ConfigException refused =
        assertThrows(
            ConfigException.class,
            () -> Roles.parse("training,analysis").requireSharedQueue(false));
    assertTrue(refused.getMessage().contains("ROLES=training,analysis"), refused.getMessage());
    assertTrue(refused.getMessage().contains("needs REDIS_URL"), refused.getMessage());
  }
}
