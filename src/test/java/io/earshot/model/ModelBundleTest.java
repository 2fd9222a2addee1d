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
    assertSameJson(bundle.summary(), loaded.summary());
    assertSameProbabilities(bundle, loaded);
  }

  @Test
  void theTrainingSummaryTravelsWithTheModelAndScoresTheSame(@TempDir Path dir) throws Exception {
    assertTrue(bundle.novelty().isPresent(), "a trained model carries its novelty description");
    bundle.save(dir);
    assertTrue(Files.exists(dir.resolve(ModelBundle.SUMMARY_FILE)));
    NoveltyModel saved = ModelBundle.load(dir).novelty().orElseThrow();
    NoveltyModel zipped = ModelBundle.fromBytes(bundle.toBytes()).novelty().orElseThrow();
    for (LabeledSample s : samples.subList(0, 10)) {
      int c = bundle.metadata().classes().indexOf(s.label());
      double expected = bundle.novelty().orElseThrow().score(s.features(), c).novelty();
      assertEquals(expected, saved.score(s.features(), c).novelty(), 1e-12);
      assertEquals(expected, zipped.score(s.features(), c).novelty(), 1e-12);
    }
  }

  @Test
  void aModelSavedBeforeTrainingSummariesLoadsWithoutNovelty(@TempDir Path dir) throws Exception {
    ModelBundle old = new ModelBundle(bundle.metadata(), bundle.booster(), bundle.metrics());
    bundle.save(dir); // a summary from an earlier model in the same folder must not survive
    old.save(dir);
    assertTrue(Files.notExists(dir.resolve(ModelBundle.SUMMARY_FILE)));
    assertTrue(ModelBundle.load(dir).novelty().isEmpty());
    assertTrue(ModelBundle.fromBytes(old.toBytes()).novelty().isEmpty());
  }

  @Test
  void aSummaryOfAnotherFeatureCountIsRefused(@TempDir Path dir) throws Exception {
    bundle.save(dir);
    JsonNode summary = ModelBundle.json().readTree(dir.resolve(ModelBundle.SUMMARY_FILE).toFile());
    for (String field : new String[] {"means", "inverse_spreads"}) {
      for (JsonNode row : summary.get("novelty").get(field)) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) row).add(1.0);
      }
    }
    ModelBundle.json().writeValue(dir.resolve(ModelBundle.SUMMARY_FILE).toFile(), summary);
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelBundle.load(dir));
    assertTrue(e.getMessage().contains("summary.json describes 7 features"), e.getMessage());
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
