package io.earshot.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.training.LabeledSample;
import io.earshot.training.SyntheticData;
import io.earshot.training.Trainer;
import io.earshot.training.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

  static final List<String> NAMES = SyntheticData.featureNames(6);
  static ModelBundle bundle;
  static List<LabeledSample> samples;

  @BeforeAll
  static void train() {
    samples = SyntheticData.blobs(4, 15, 1, 6, 5, 3);
    bundle =
        Trainer.train(samples, "schema-v1", NAMES, SyntheticData.quick(), TrainingListener.NONE)
            .bundle();
  }

  @Test
  void saveAndLoadGiveIdenticalProbabilities(@TempDir Path dir) throws Exception {
    bundle.save(dir);
    assertTrue(Files.exists(dir.resolve("model.json")));
    assertTrue(Files.exists(dir.resolve("booster.ubj")));
    assertTrue(Files.exists(dir.resolve("metrics.json")));
    ModelBundle loaded = ModelBundle.load(dir);
    assertSameJson(bundle.metadata(), loaded.metadata());
    assertSameJson(bundle.metrics(), loaded.metrics());
    assertSameProbabilities(bundle, loaded);
  }

  @Test
  void bytesRoundTripGivesIdenticalProbabilities() throws Exception {
    ModelBundle loaded = ModelBundle.fromBytes(bundle.toBytes());
    assertSameJson(bundle.metadata(), loaded.metadata());
    assertSameProbabilities(bundle, loaded);
  }

  @Test
  void metadataIsSnakeCaseJson(@TempDir Path dir) throws Exception {
    bundle.save(dir);
    JsonNode json = ModelBundle.json().readTree(dir.resolve("model.json").toFile());
    assertEquals("schema-v1", json.get("schema_id").asText());
    assertEquals(4, json.get("classes").size());
    assertTrue(json.get("calibration").has("temperature"));
    assertTrue(json.get("sample_counts").has("holdout"));
    JsonNode metrics = ModelBundle.json().readTree(dir.resolve("metrics.json").toFile());
    assertTrue(metrics.has("macro_f1"));
  }

  @Test
  void missingFileIsReportedByName(@TempDir Path dir) throws Exception {
    bundle.save(dir);
    Files.delete(dir.resolve("booster.ubj"));
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelBundle.load(dir));
    assertTrue(e.getMessage().contains("booster.ubj"), e.getMessage());
  }

  @Test
  void corruptFilesAreReported(@TempDir Path dir) throws Exception {
    bundle.save(dir);
    Files.writeString(dir.resolve("model.json"), "{not json");
    ModelFormatException json =
        assertThrows(ModelFormatException.class, () -> ModelBundle.load(dir));
    assertTrue(json.getMessage().contains("model.json is corrupt"), json.getMessage());

    bundle.save(dir);
    Files.write(dir.resolve("booster.ubj"), new byte[] {1, 2, 3, 4});
    ModelFormatException booster =
        assertThrows(ModelFormatException.class, () -> ModelBundle.load(dir));
    assertTrue(booster.getMessage().contains("booster.ubj is corrupt"), booster.getMessage());

    assertThrows(ModelFormatException.class, () -> ModelBundle.fromBytes(new byte[] {9, 9, 9}));
  }

  private static void assertSameJson(Object expected, Object actual) throws Exception {
    assertEquals(
        ModelBundle.json().writeValueAsString(expected),
        ModelBundle.json().writeValueAsString(actual));
  }

  private static void assertSameProbabilities(ModelBundle a, ModelBundle b) {
    float[][] rows = samples.stream().map(LabeledSample::features).toArray(float[][]::new);
    try (Classifier ca = new Classifier(a, "schema-v1", 6);
        Classifier cb = new Classifier(b, "schema-v1", 6)) {
      assertArrayEquals(ca.probabilitiesBatch(rows), cb.probabilitiesBatch(rows));
    }
  }
}
