package io.earshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.training.DatasetVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifest names the dataset version a training on the archive's clips records. */
class DatasetManifestTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  private static final DatasetManifest MANIFEST =
      new DatasetManifest(
          Instant.parse("2026-12-01T10:00:00Z"),
          List.of(
              new DatasetManifest.Item(
                  "bird/" + A + ".wav", A, "bird", "robin.wav", 1.5, Instant.EPOCH, 10),
              new DatasetManifest.Item("dog/" + B + ".mp3", B, "dog", "rex.mp3", null, null, 20)),
          List.of("c".repeat(64)));

  @Test
  void itsVersionIsTheTrainingVersionOfItsClipsAndLabels() throws Exception {
    JsonNode json = new ObjectMapper().readTree(MANIFEST.toJson());
    String expected =
        DatasetVersion.of(
                List.of(new DatasetVersion.Pair(B, "dog"), new DatasetVersion.Pair(A, "bird")))
            .version();
    assertEquals(expected, json.get("dataset_version").asText());
    assertEquals(DatasetManifest.FORMAT, json.get("format").asText());
    assertEquals(2, json.get("clips").asInt());
    assertEquals(1, json.get("counts").get("dog").asInt());
    assertEquals("robin.wav", json.get("items").get(0).get("filename").asText());
    assertEquals(1.5, json.get("items").get(0).get("duration_s").asDouble());
    assertTrue(json.get("items").get(1).get("duration_s").isNull());
    assertEquals("c".repeat(64), json.get("missing_audio").get(0).asText());
  }

  @Test
  void theNamesClipsWereUploadedUnderAreReadBackByEntry() {
    assertEquals(
        Map.of("bird/" + A + ".wav", "robin.wav", "dog/" + B + ".mp3", "rex.mp3"),
        DatasetManifest.filenames(MANIFEST.toJson()));
  }

  @Test
  void bytesThatAreNotAManifestAreRefusedWithTheReason() {
    IllegalArgumentException notJson =
        assertThrows(
            IllegalArgumentException.class,
            () -> DatasetManifest.filenames("{oops".getBytes(StandardCharsets.UTF_8)));
    assertTrue(notJson.getMessage().contains("not valid JSON"), notJson.getMessage());
    IllegalArgumentException noItems =
        assertThrows(
            IllegalArgumentException.class,
            () -> DatasetManifest.filenames("[1]".getBytes(StandardCharsets.UTF_8)));
    assertTrue(noItems.getMessage().contains("'items'"), noItems.getMessage());
  }
}
