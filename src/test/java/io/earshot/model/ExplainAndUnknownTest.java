package io.earshot.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.training.LabeledSample;
import io.earshot.training.SyntheticData;
import io.earshot.training.Trainer;
import io.earshot.training.TrainingListener;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExplainAndUnknownTest {

  private static ModelBundle binary;
  private static List<LabeledSample> binarySamples;

  @BeforeAll
  static void train() {
    ModelBundleTest.train();
    binarySamples = SyntheticData.blobs(2, 20, 1, 6, 3, 21);
    binary =
        Trainer.train(
                binarySamples,
                "schema-v1",
                ModelBundleTest.NAMES,
                SyntheticData.quick(),
                TrainingListener.NONE)
            .bundle();
  }

  /** The booster's raw margins, computed apart from the classifier under test. */
  private static float[][] rawMargins(ModelBundle bundle, List<LabeledSample> samples)
      throws Exception {
    Booster booster = XGBoost.loadModel(bundle.booster());
    float[][] margins = new float[samples.size()][];
    for (int i = 0; i < margins.length; i++) {
      float[] features = samples.get(i).features();
      DMatrix m = new DMatrix(features, 1, features.length, Float.NaN);
      margins[i] = booster.predict(m, true)[0];
      m.dispose();
    }
    booster.dispose();
    return margins;
  }

  @Test
  void contributionsAndBiasSumToTheMarginOfThePredictedClass() throws Exception {
    ModelBundle bundle = ModelBundleTest.bundle;
    List<LabeledSample> samples = ModelBundleTest.samples.subList(0, 60);
    float[][] margins = rawMargins(bundle, samples);
    try (Classifier c = new Classifier(bundle, "schema-v1", 6)) {
      for (int i = 0; i < samples.size(); i++) {
        LabeledSample s = samples.get(i);
        Explanation all = c.explain(s.features(), 6);
        int predicted = bundle.metadata().classes().indexOf(all.explainedClass());
        assertEquals(c.predict(s.features(), 0).predictedClass(), all.explainedClass());
        double margin = margins[i][predicted];
        double sum =
            all.bias() + all.top().stream().mapToDouble(FeatureContribution::contribution).sum();
        assertEquals(margin, all.margin(), 1e-5);
        assertEquals(margin, sum, 1e-4);
        assertEquals(0.0, all.otherContribution(), 0.0);

        Explanation top2 = c.explain(s.features(), 2);
        assertEquals(2, top2.top().size());
        assertTrue(
            Math.abs(top2.top().get(0).contribution())
                >= Math.abs(top2.top().get(1).contribution()));
        double partial =
            top2.bias()
                + top2.otherContribution()
                + top2.top().stream().mapToDouble(FeatureContribution::contribution).sum();
        assertEquals(margin, partial, 1e-4);
      }
    }
  }

  @Test
  void binaryExplanationsUseTheSignedLogit() throws Exception {
    float[][] logits = rawMargins(binary, binarySamples);
    try (Classifier c = new Classifier(binary, "schema-v1", 6)) {
      boolean sawFirst = false;
      boolean sawSecond = false;
      for (int i = 0; i < binarySamples.size(); i++) {
        Explanation e = c.explain(binarySamples.get(i).features(), 6);
        double logit = logits[i][0];
        boolean second = e.explainedClass().equals(binary.metadata().classes().get(1));
        sawFirst |= !second;
        sawSecond |= second;
        double expected = second ? logit : -logit;
        double sum =
            e.bias() + e.top().stream().mapToDouble(FeatureContribution::contribution).sum();
        assertEquals(expected, e.margin(), 1e-5);
        assertEquals(expected, sum, 1e-4);
      }
      assertTrue(sawFirst && sawSecond, "both classes explained");
    }
  }

  @Test
  void lowConfidenceAnswersUnknownWithCandidates() {
    try (Classifier c = new Classifier(ModelBundleTest.bundle, "schema-v1", 6)) {
      float[] features = ModelBundleTest.samples.get(0).features();
      double confidence = c.predict(features, 0).confidence();
      ScoredPrediction unsure = c.predict(features, Math.min(1, confidence + 1e-9));
      assertNull(unsure.predictedClass());
      assertTrue(unsure.unknown());
      assertEquals(confidence, unsure.confidence(), 0);
      assertEquals(3, unsure.top().size());
      ScoredPrediction sure = c.predict(features, confidence);
      assertEquals(unsure.top().get(0).label(), sure.predictedClass());
    }
  }

  @Test
  void theModelsOwnThresholdApplies() {
    ModelMetadata m = ModelBundleTest.bundle.metadata();
    ModelMetadata strict =
        new ModelMetadata(
            m.version(),
            m.schemaId(),
            m.featureNames(),
            m.classes(),
            m.objective(),
            m.params(),
            m.chosenParams(),
            m.trainedAt(),
            m.sampleCounts(),
            m.classWeights(),
            m.featureImportance(),
            m.trainingTimeSeconds(),
            m.calibration(),
            m.cv(),
            1.0,
            m.dataset());
    ModelBundle bundle =
        new ModelBundle(strict, ModelBundleTest.bundle.booster(), ModelBundleTest.bundle.metrics());
    try (Classifier c = new Classifier(bundle, "schema-v1", 6)) {
      int unknown = 0;
      for (LabeledSample s : ModelBundleTest.samples.subList(0, 10)) {
        ScoredPrediction p = c.predict(s.features());
        assertEquals(p.confidence() < 1.0, p.unknown());
        unknown += p.unknown() ? 1 : 0;
      }
      assertTrue(unknown > 0);
    }
  }
}
