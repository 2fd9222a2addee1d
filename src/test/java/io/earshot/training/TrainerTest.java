package io.earshot.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.model.Classifier;
import io.earshot.model.ModelMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TrainerTest {

  private static final List<String> NAMES = SyntheticData.featureNames(8);

  @Test
  void sixGaussianBlobsTrainToHighAccuracy() {
    List<LabeledSample> samples = SyntheticData.blobs(6, 40, 2, 8, 6, 11);
    TrainingResult result =
        Trainer.train(samples, "schema-1", NAMES, SyntheticData.quick(), TrainingListener.NONE);
    EvaluationReport m = result.metrics();
    assertTrue(m.accuracy() >= 0.95, "accuracy " + m.accuracy());
    assertEquals(6, m.perClass().size());
    ModelMetadata meta = result.bundle().metadata();
    assertEquals("schema-1", meta.schemaId());
    assertEquals(NAMES, meta.featureNames());
    assertEquals("multi:softprob", meta.objective());
    assertEquals(480, meta.sampleCounts().total().values().stream().mapToInt(i -> i).sum());
    assertEquals(
        m.samples(), meta.sampleCounts().holdout().values().stream().mapToInt(i -> i).sum());
    assertEquals("validation_split", meta.calibration().fittedOn());

    // the classifier scored on the returned hold-out reproduces the reported metrics
    assertEquals(m.samples(), result.holdout().size());
    try (Classifier classifier = new Classifier(result.bundle(), "schema-1", 8)) {
      EvaluationReport again = Evaluator.evaluate(classifier, result.holdout());
      assertEquals(m.accuracy(), again.accuracy(), 1e-12);
      assertEquals(m.macroF1(), again.macroF1(), 1e-12);
      assertEquals(m.rocAuc(), again.rocAuc(), 1e-6);
      List<LabeledSample> stranger = List.of(new LabeledSample("x", "whale", new float[8]));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> Evaluator.evaluate(classifier, stranger));
      assertTrue(e.getMessage().contains("'whale'"), e.getMessage());
    }
  }

  @Test
  void twoClassesUseLogisticObjectiveAndGiveBothProbabilities() {
    List<LabeledSample> samples = SyntheticData.blobs(2, 30, 1, 8, 6, 5);
    TrainingParams params =
        TrainingParams.fromMap(Map.of("search_trials", 0, "unknown_threshold", 0.6));
    TrainingResult result = Trainer.train(samples, "s", NAMES, params, TrainingListener.NONE);
    assertEquals("binary:logistic", result.bundle().metadata().objective());
    assertEquals(0.6, result.bundle().metadata().unknownThreshold());
    assertEquals(2, result.metrics().perClass().size());
    assertTrue(result.metrics().accuracy() >= 0.9, "accuracy " + result.metrics().accuracy());
  }

  @Test
  void listenerSeesEveryRoundOfEveryPhase() {
    List<TrainingProgress> rounds = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onRound(TrainingProgress p) {
            rounds.add(p);
          }
        };
    TrainingParams params = SyntheticData.quick().withRounds(30);
    TrainingResult result =
        Trainer.train(SyntheticData.blobs(3, 10, 1, 8, 4, 2), "s", NAMES, params, listener);
    List<TrainingProgress> refit = rounds.stream().filter(p -> p.phase().equals("refit")).toList();
    int chosen = ((Number) result.bundle().metadata().chosenParams().get("rounds")).intValue();
    assertEquals(chosen, refit.size());
    for (int i = 0; i < refit.size(); i++) {
      assertEquals(i + 1, refit.get(i).round());
      assertEquals(chosen, refit.get(i).totalRounds());
      assertEquals("mlogloss", refit.get(i).metricName());
      assertTrue(Double.isFinite(refit.get(i).trainMetric()));
      assertTrue(Double.isFinite(refit.get(i).validationMetric()));
      assertTrue(refit.get(i).elapsedSeconds() >= 0 && refit.get(i).etaSeconds() >= 0);
    }
    List<TrainingProgress> validation =
        rounds.stream().filter(p -> p.phase().equals("validation")).toList();
    assertTrue(validation.size() >= chosen);
    for (int i = 0; i < validation.size(); i++) {
      assertEquals(i + 1, validation.get(i).round());
    }
  }

  @Test
  void cancellationStopsTraining() {
    AtomicInteger seen = new AtomicInteger();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onRound(TrainingProgress p) {
            seen.incrementAndGet();
          }

          @Override
          public boolean cancelled() {
            return seen.get() >= 5;
          }
        };
    assertThrows(
        TrainingCancelledException.class,
        () ->
            Trainer.train(
                SyntheticData.blobs(3, 10, 1, 8, 4, 2),
                "s",
                NAMES,
                SyntheticData.quick(),
                listener));
    assertEquals(5, seen.get());
  }

  @Test
  void unbalancedClassesAreWeightedByDefault() {
    List<LabeledSample> samples = new ArrayList<>(SyntheticData.blobs(2, 40, 1, 8, 6, 3));
    samples.removeIf(s -> s.label().equals("class1") && !s.clipId().matches(".*clip[0-9]$"));
    TrainingResult result =
        Trainer.train(samples, "s", NAMES, SyntheticData.quick(), TrainingListener.NONE);
    Map<String, Double> weights = result.bundle().metadata().classWeights();
    Map<String, Integer> train = result.bundle().metadata().sampleCounts().train();
    int total = train.get("class0") + train.get("class1");
    assertEquals(total / (2.0 * train.get("class1")), weights.get("class1"), 1e-12);
    assertTrue(weights.get("class1") > 1 && weights.get("class0") < 1, weights.toString());

    TrainingResult balanced =
        Trainer.train(
            SyntheticData.blobs(2, 20, 1, 8, 6, 3),
            "s",
            NAMES,
            SyntheticData.quick(),
            TrainingListener.NONE);
    assertEquals(null, balanced.bundle().metadata().classWeights());
  }

  @Test
  void cancellationStopsTheSearch() {
    AtomicInteger seen = new AtomicInteger();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onRound(TrainingProgress p) {
            assertEquals("cv", p.phase());
            assertTrue(Double.isNaN(p.trainMetric()));
            seen.incrementAndGet();
          }

          @Override
          public boolean cancelled() {
            return seen.get() >= 3;
          }
        };
    TrainingParams params = SyntheticData.quick().withSearch(new SearchParams(3, 60, 3));
    assertThrows(
        TrainingCancelledException.class,
        () -> Trainer.train(SyntheticData.blobs(3, 10, 1, 8, 4, 2), "s", NAMES, params, listener));
    assertEquals(3, seen.get());
  }

  @Test
  void smallestAcceptedDataSetsTrainWithDefaults() {
    for (int classes = 2; classes <= 3; classes++) {
      List<LabeledSample> samples = SyntheticData.blobs(classes, 2, 3, 8, 6, 4);
      TrainingResult result =
          Trainer.train(samples, "s", NAMES, TrainingParams.defaults(), TrainingListener.NONE);
      assertEquals(classes, result.metrics().samples() / 3); // one clip of each class held out
      // one training clip per class: no folds, no validation split, no calibration
      ModelMetadata meta = result.bundle().metadata();
      assertEquals(null, meta.cv());
      assertEquals("none", meta.calibration().method());
      assertEquals(1.0, meta.calibration().temperature());
      assertEquals(TrainingParams.defaults().rounds(), meta.chosenParams().get("rounds"));
      assertTrue(result.bundle().novelty().isEmpty(), "too few clips for a novelty threshold");
      assertEquals(classes, result.bundle().summary().profiles().clips().size());
    }
    // two training clips per class: two folds
    TrainingResult result =
        Trainer.train(
            SyntheticData.blobs(2, 3, 2, 8, 6, 4),
            "s",
            NAMES,
            TrainingParams.defaults(),
            TrainingListener.NONE);
    assertEquals(2, result.bundle().metadata().cv().folds());
  }

  @Test
  void featureImportanceFavoursTheInformativeFeature() {
    // only f2 carries the class; the other features are noise
    java.util.Random random = new java.util.Random(6);
    List<LabeledSample> samples = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      boolean positive = i % 2 == 0;
      float[] f = new float[8];
      for (int d = 0; d < 8; d++) {
        f[d] = (float) random.nextGaussian();
      }
      f[2] += positive ? 2 : -2;
      samples.add(new LabeledSample("clip" + i, positive ? "yes" : "no", f));
    }
    TrainingResult result =
        Trainer.train(samples, "s", NAMES, SyntheticData.quick(), TrainingListener.NONE);
    Map<String, Double> importance = result.bundle().metadata().featureImportance();
    assertEquals("f2", importance.keySet().iterator().next());
    assertTrue(importance.get("f2") > 0.5, importance.toString());
    assertEquals(1.0, importance.values().stream().mapToDouble(d -> d).sum(), 1e-9);
  }

  @Test
  void progressSerialisesToValidJsonEvenWithoutATrainMetric() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    String text =
        json.writeValueAsString(
            new TrainingProgress("cv", 3, 500, Double.NaN, 0.25, "mlogloss", 1.5, 2.0));
    com.fasterxml.jackson.databind.JsonNode node = json.readTree(text); // strict parser
    assertEquals("NaN", node.get("train_metric").asText());
    assertEquals(0.25, node.get("validation_metric").asDouble());
    assertEquals(500, node.get("total_rounds").asInt());
  }

  @Test
  void rejectsASingleClass() {
    List<LabeledSample> samples =
        List.of(
            new LabeledSample("a", "dog", new float[8]),
            new LabeledSample("b", "dog", new float[8]));
    assertRejected("at least 2 classes", samples, NAMES);
  }

  @Test
  void rejectsAClassWithOneClip() {
    List<LabeledSample> samples = new ArrayList<>(SyntheticData.blobs(2, 5, 1, 8, 4, 1));
    samples.add(new LabeledSample("lonely", "bird", new float[8]));
    samples.add(new LabeledSample("lonely", "bird", new float[8])); // a variant is no second clip
    assertRejected("class 'bird' has 1 distinct clip", samples, NAMES);
  }

  @Test
  void rejectsMismatchedFeatureLength() {
    assertRejected(
        "has 7 features, the schema has 8",
        withExtra(new LabeledSample("short", "class0", new float[7])),
        NAMES);
  }

  @Test
  void rejectsNaNFeatures() {
    float[] bad = new float[8];
    bad[3] = Float.NaN;
    assertRejected(
        "NaN in feature 'f3'", withExtra(new LabeledSample("nan", "class0", bad)), NAMES);
  }

  @Test
  void rejectsAClipWithTwoLabels() {
    assertRejected(
        "labelled both", withExtra(new LabeledSample("c0-clip0", "class1", new float[8])), NAMES);
  }

  @Test
  void paramsFromMapAcceptBothSpellingsAndRejectTypos() {
    TrainingParams p =
        TrainingParams.fromMap(
            Map.of(
                "max_depth",
                3,
                "learningRate",
                "0.05",
                "search_trials",
                0,
                "class_weight",
                "none"));
    assertEquals(3, p.maxDepth());
    assertEquals(0.05, p.eta());
    assertEquals(ClassWeighting.NONE, p.classWeighting());
    assertEquals(TrainingParams.defaults().rounds(), p.rounds());
    assertEquals(p, TrainingParams.fromMap(p.toMap()));
    IllegalArgumentException typo =
        assertThrows(
            IllegalArgumentException.class, () -> TrainingParams.fromMap(Map.of("max_dept", 3)));
    assertTrue(typo.getMessage().contains("max_dept"), typo.getMessage());
    IllegalArgumentException range =
        assertThrows(
            IllegalArgumentException.class, () -> TrainingParams.fromMap(Map.of("eta", 2)));
    assertTrue(range.getMessage().contains("eta"), range.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> TrainingParams.fromMap(Map.of("rounds", "many")));
    IllegalArgumentException weighting =
        assertThrows(
            IllegalArgumentException.class,
            () -> TrainingParams.fromMap(Map.of("class_weight", "heavy")));
    assertTrue(weighting.getMessage().contains("auto, balanced or none"), weighting.getMessage());
  }

  private static List<LabeledSample> withExtra(LabeledSample extra) {
    List<LabeledSample> samples = new ArrayList<>(SyntheticData.blobs(2, 5, 1, 8, 4, 1));
    samples.add(extra);
    return samples;
  }

  private static void assertRejected(
      String expected, List<LabeledSample> samples, List<String> names) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Trainer.train(samples, "s", names, SyntheticData.quick(), TrainingListener.NONE));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
