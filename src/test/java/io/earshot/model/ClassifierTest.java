package io.earshot.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.training.LabeledSample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClassifierTest {

  @BeforeAll
  static void train() {
    ModelBundleTest.train();
  }

  private static ModelBundle bundle() {
    return ModelBundleTest.bundle;
  }

  @Test
  void refusesAnotherSchema() {
    IncompatibleModelException e =
        assertThrows(
            IncompatibleModelException.class, () -> new Classifier(bundle(), "schema-v2", 6));
    assertTrue(
        e.getMessage().contains("schema-v1") && e.getMessage().contains("schema-v2"),
        e.getMessage());
  }

  @Test
  void refusesAnotherFeatureCount() {
    IncompatibleModelException e =
        assertThrows(
            IncompatibleModelException.class, () -> new Classifier(bundle(), "schema-v1", 7));
    assertTrue(e.getMessage().contains("expects 6 features"), e.getMessage());
  }

  @Test
  void rejectsWrongVectorLength() {
    try (Classifier c = new Classifier(bundle(), "schema-v1", 6)) {
      assertThrows(IllegalArgumentException.class, () -> c.probabilities(new float[5]));
    }
  }

  @Test
  void probabilitiesSumToOneAndPredictionIsTheirArgMax() {
    try (Classifier c = new Classifier(bundle(), "schema-v1", 6)) {
      for (LabeledSample s : ModelBundleTest.samples.subList(0, 20)) {
        double[] p = c.probabilities(s.features());
        assertEquals(1.0, java.util.Arrays.stream(p).sum(), 1e-9);
        ScoredPrediction prediction = c.predict(s.features(), 0);
        double max = java.util.Arrays.stream(p).max().orElseThrow();
        assertEquals(max, prediction.confidence(), 1e-12);
        assertEquals(max, prediction.probabilities().get(prediction.predictedClass()), 1e-12);
        assertEquals(prediction.predictedClass(), prediction.top().get(0).label());
        assertEquals(
            bundle().metadata().classes(), new ArrayList<>(prediction.probabilities().keySet()));
      }
    }
  }

  @Test
  void aBatchAnswersEachVectorAsASingleCallWould() {
    try (Classifier c = new Classifier(bundle(), "schema-v1", 6)) {
      List<LabeledSample> some = ModelBundleTest.samples.subList(0, 25);
      List<ScoredPrediction> batch =
          c.predictBatch(some.stream().map(LabeledSample::features).toArray(float[][]::new));
      assertEquals(some.size(), batch.size());
      for (int i = 0; i < some.size(); i++) {
        ScoredPrediction one = c.predict(some.get(i).features(), 0);
        assertEquals(one.predictedClass(), batch.get(i).predictedClass());
        assertEquals(one.confidence(), batch.get(i).confidence(), 1e-6); // float round trip
      }
    }
  }

  @Test
  void concurrentCallersGetTheSameAnswersAsOne() throws Exception {
    List<LabeledSample> samples = ModelBundleTest.samples;
    try (Classifier c = new Classifier(bundle(), "schema-v1", 6, 3)) {
      double[][] expected =
          samples.stream().map(s -> c.probabilities(s.features())).toArray(double[][]::new);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<double[][]>> futures = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
          futures.add(
              pool.submit(
                  () -> {
                    double[][] got = new double[samples.size()][];
                    for (int round = 0; round < 5; round++) {
                      for (int i = 0; i < samples.size(); i++) {
                        got[i] = c.probabilities(samples.get(i).features());
                      }
                    }
                    return got;
                  }));
        }
        for (Future<double[][]> f : futures) {
          double[][] got = f.get();
          for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], got[i]);
          }
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void predictionsSerialiseWithTheContractsNames() throws Exception {
    try (Classifier c = new Classifier(bundle(), "schema-v1", 6)) {
      float[] features = ModelBundleTest.samples.get(0).features();
      com.fasterxml.jackson.databind.JsonNode json =
          ModelBundle.json().valueToTree(c.predict(features, 1.0));
      assertTrue(json.has("predicted_class") && json.get("predicted_class").isNull());
      assertTrue(json.get("confidence").isNumber());
      assertEquals(4, json.get("probabilities").size());
      assertTrue(json.get("top").get(0).has("label"));
      com.fasterxml.jackson.databind.JsonNode why =
          ModelBundle.json().valueToTree(c.explain(features, 2));
      assertTrue(why.has("explained_class") && why.has("other_contribution"));
    }
  }

  @Test
  void closedClassifierRefusesToPredict() {
    Classifier c = new Classifier(bundle(), "schema-v1", 6);
    c.close();
    assertThrows(IllegalStateException.class, () -> c.probabilities(new float[6]));
  }
}
