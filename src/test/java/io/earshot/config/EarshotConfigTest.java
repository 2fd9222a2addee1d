package io.earshot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.features.FeatureVersion;
import io.earshot.openset.OpenSetPolicy;
import io.earshot.openset.SignalGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarshotConfigTest {

  @Test
  void openSetDefaultsLeaveConfidenceAndNoveltyThresholdsToEachModel() {
    OpenSetPolicy policy = EarshotConfig.defaults().openSetPolicy();
    assertEquals(SignalGate.DEFAULT_FLOOR_DBFS, policy.gate().floorDbfs());
    assertTrue(policy.minConfidence().isEmpty(), "each model's fitted confidence floor");
    assertTrue(policy.classMinConfidence().isEmpty());
    assertTrue(policy.noveltyThreshold().isEmpty(), "each model's own fitted threshold");
  }

  @Test
  void classThresholdsComeFromTheFileAsAnObjectOrFromTheEnvironment(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("config.json"),
            "{\"class_thresholds\": {\"gunshot\": 0.7, \"dog\": 0.5}, \"unknown_threshold\": 0.3,"
                + " \"novelty_threshold\": 0.995, \"silence_floor_dbfs\": -65}");
    OpenSetPolicy fromFile = EarshotConfig.load(file, Map.of()).openSetPolicy();
    assertEquals(Map.of("gunshot", 0.7, "dog", 0.5), fromFile.classMinConfidence());
    assertEquals(0.3, fromFile.minConfidence().getAsDouble());
    assertEquals(0.995, fromFile.noveltyThreshold().getAsDouble());
    assertEquals(-65, fromFile.gate().floorDbfs());

    OpenSetPolicy fromEnv =
        EarshotConfig.load(
                file, Map.of("CLASS_THRESHOLDS", "bird=0.9", "SILENCE_FLOOR_DBFS", "-80"))
            .openSetPolicy();
    assertEquals(Map.of("bird", 0.9), fromEnv.classMinConfidence(), "the environment wins");
    assertEquals(-80, fromEnv.gate().floorDbfs());
  }

  @Test
  void badOpenSetSettingsNameTheSetting(@TempDir Path dir) throws Exception {
    ConfigException pair =
        assertThrows(
            ConfigException.class,
            () -> EarshotConfig.load(dir.resolve("none.json"), Map.of("CLASS_THRESHOLDS", "bird")));
    assertTrue(pair.getMessage().contains("CLASS_THRESHOLDS"), pair.getMessage());
    ConfigException range =
        assertThrows(
            ConfigException.class,
            () ->
                EarshotConfig.load(dir.resolve("none.json"), Map.of("CLASS_THRESHOLDS", "bird=2"))
                    .openSetPolicy());
    assertTrue(range.getMessage().contains("class_thresholds.bird"), range.getMessage());
    ConfigException floor =
        assertThrows(
            ConfigException.class,
            () ->
                EarshotConfig.load(dir.resolve("none.json"), Map.of("SILENCE_FLOOR_DBFS", "10"))
                    .openSetPolicy());
    assertTrue(floor.getMessage().contains("silence_floor_dbfs"), floor.getMessage());
  }

  @Test
  void theFeatureVersionDefaultsToTheCurrentOneAndCanBePinned(@TempDir Path dir) throws Exception {
    Path none = dir.resolve("none.json");
    assertEquals(FeatureVersion.CURRENT, EarshotConfig.load(none, Map.of()).featureVersion());
    assertEquals(
        FeatureVersion.V2,
        EarshotConfig.load(none, Map.of("FEATURE_VERSION", "2")).featureVersion());
    Path file = Files.writeString(dir.resolve("config.json"), "{\"feature_version\": 3}");
    assertEquals(FeatureVersion.V3, EarshotConfig.load(file, Map.of()).featureVersion());

    ConfigException unknown =
        assertThrows(
            ConfigException.class, () -> EarshotConfig.load(none, Map.of("FEATURE_VERSION", "1")));
    assertTrue(unknown.getMessage().contains("FEATURE_VERSION"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("computes 2, 3"), unknown.getMessage());
    ConfigException word =
        assertThrows(
            ConfigException.class, () -> EarshotConfig.load(none, Map.of("FEATURE_VERSION", "v3")));
    assertTrue(word.getMessage().contains("as a number"), word.getMessage());
  }

  @Test
  void codecAugmentationIsOffUnlessSetAndABadValueNamesTheChoices(@TempDir Path dir) {
    Path none = dir.resolve("none.json");
    EarshotConfig defaults = EarshotConfig.load(none, Map.of());
    assertEquals(CodecAugmentation.OFF, defaults.codecAugmentation());
    assertTrue(defaults.codecAugmentation().codecs().isEmpty(), "off never uses a codec");
    assertEquals(
        CodecAugmentation.AUTO,
        EarshotConfig.load(none, Map.of("CODEC_AUGMENTATION", "Auto")).codecAugmentation());
    ConfigException bad =
        assertThrows(
            ConfigException.class,
            () -> EarshotConfig.load(none, Map.of("CODEC_AUGMENTATION", "maybe")));
    assertTrue(bad.getMessage().contains("CODEC_AUGMENTATION"), bad.getMessage());
    assertTrue(bad.getMessage().contains("auto"), bad.getMessage());
  }
}
