package io.earshot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

  @TempDir Path dir;

  @Test
  void settingsArriveAsTheTextTheEnvironmentWouldGive() throws Exception {
    Map<String, String> settings =
        ConfigFile.read(
            write(
                "{\"port\": 8081, \"host\": \"127.0.0.1\", \"rate\": 2.50, \"on\": true,"
                    + " \"cors_origins\": [\"https://a.example\", \"https://b.example\"],"
                    + " \"class_thresholds\": {\"gunshot\": 0.7, \"dog\": 0.5},"
                    + " \"empty\": [], \"gone\": null}"));
    assertEquals(
        Map.of(
            "port", "8081",
            "host", "127.0.0.1",
            "rate", "2.50",
            "on", "true",
            "cors_origins", "https://a.example,https://b.example",
            "class_thresholds", "gunshot=0.7,dog=0.5",
            "empty", ""),
        settings);
    assertEquals(
        List.of("port", "host", "rate", "on", "cors_origins", "class_thresholds", "empty"),
        List.copyOf(settings.keySet()),
        "in the file's order");
  }

  @Test
  void noFileOrAnEmptyOneSetsNothing() throws Exception {
    assertTrue(ConfigFile.read(dir.resolve("none.json")).isEmpty());
    assertTrue(ConfigFile.read(write("")).isEmpty());
  }

  @Test
  void theLaterOfTwoEqualKeysWinsAndNullUnsets() throws Exception {
    assertEquals(Map.of("port", "2"), ConfigFile.read(write("{\"port\": 1, \"port\": 2}")));
    assertEquals(Map.of(), ConfigFile.read(write("{\"port\": 1, \"port\": null}")));
  }

  @Test
  void aFileThatIsNotOneObjectOfSettingsIsRefusedByName() throws Exception {
    Path array = write("[1, 2]");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.read(array));
    assertTrue(e.getMessage().contains(array.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("one JSON object"), e.getMessage());

    ConfigException trailing =
        assertThrows(ConfigException.class, () -> ConfigFile.read(write("{\"port\": 1} {}")));
    assertTrue(trailing.getMessage().contains("more after"), trailing.getMessage());
  }

  @Test
  void brokenJsonSaysWhereWithTheFileName() throws Exception {
    Path broken = write("{\"port\": 80,");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.read(broken));
    assertTrue(e.getMessage().startsWith("cannot read " + broken), e.getMessage());
  }

  @Test
  void aListOrMapInsideAListOrMapNamesTheKey() throws Exception {
    for (String json :
        List.of(
            "{\"cors_origins\": [[\"a\"]]}",
            "{\"cors_origins\": [{\"a\": 1}]}",
            "{\"class_thresholds\": {\"dog\": {\"min\": 0.5}}}")) {
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.read(write(json)));
      assertTrue(e.getMessage().contains("config key"), e.getMessage());
      assertTrue(e.getMessage().contains("plain values"), json + ": " + e.getMessage());
    }
  }

  private Path write(String json) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "config", ".json"), json);
  }
}
