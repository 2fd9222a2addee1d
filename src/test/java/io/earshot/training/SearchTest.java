package io.earshot.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.model.CvSummary;
import io.earshot.model.ModelMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SearchTest {

  private static final List<String> NAMES = SyntheticData.featureNames(4);

  /** Checkerboard: the class is the sign of x0 * x1, which stumps (depth 1) cannot express. */
  private static List<LabeledSample> checkerboard(int clips, long seed) {
    Random random = new Random(seed);
    List<LabeledSample> samples = new ArrayList<>();
    for (int i = 0; i < clips; i++) {
      float[] base = new float[4];
      for (int d = 0; d < 4; d++) {
        base[d] = (float) (random.nextDouble() * 2 - 1);
      }
      String label = base[0] * base[1] > 0 ? "same" : "opposite";
      SyntheticData.addVariants(samples, label, "clip" + i, base, 2, 0.01, random);
    }
    return samples;
  }

  @Test
  void searchBeatsPoorDefaults() {
    List<LabeledSample> samples = checkerboard(300, 3);
    TrainingParams poor = SyntheticData.quick().withTree(1, 0.01, 1, 0.9, 0.8, 1, 10);
    TrainingResult baseline = Trainer.train(samples, "s", NAMES, poor, TrainingListener.NONE);

    List<TrialResult> trials = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onTrial(TrialResult trial) {
            trials.add(trial);
          }
        };
    TrainingResult searched =
        Trainer.train(
            samples, "s", NAMES, poor.withSearch(new SearchParams(6, 120, 3, 200)), listener);

    ModelMetadata meta = searched.bundle().metadata();
    CvSummary cv = meta.cv();
    assertEquals(6, trials.size());
    for (int i = 0; i < trials.size(); i++) {
      assertEquals(i + 1, trials.get(i).trial());
      assertEquals(6, trials.get(i).totalTrials());
    }
    assertEquals(trials, searched.trials());
    assertEquals(1, ((Number) trials.get(0).params().get("max_depth")).intValue());
    double bestTrial = trials.stream().mapToDouble(TrialResult::cvMean).min().orElseThrow();
    assertEquals(bestTrial, cv.mean(), 1e-12);
    assertTrue(cv.mean() <= cv.defaultParamsMean(), cv.mean() + " vs " + cv.defaultParamsMean());
    assertEquals(3, cv.folds());
    assertEquals(cv.bestRounds(), ((Number) meta.chosenParams().get("rounds")).intValue());
    assertTrue(((Number) meta.chosenParams().get("max_depth")).intValue() > 1);
    double before = baseline.metrics().accuracy();
    double after = searched.metrics().accuracy();
    assertTrue(after >= before + 0.2, "hold-out accuracy " + before + " -> " + after);
    assertEquals(baseline.metrics().samples(), searched.metrics().samples()); // same hold-out
  }

  @Test
  void sameSeedSameModelWhateverTheThreadCount() {
    List<LabeledSample> samples = checkerboard(100, 2);
    // folds run in parallel with 2 threads and one after another with 1: same model either way
    TrainingParams params = SyntheticData.quick().withSearch(new SearchParams(3, 120, 3, 60));
    TrainingResult first =
        Trainer.train(samples, "s", NAMES, params.withThreads(2), TrainingListener.NONE);
    TrainingResult second =
        Trainer.train(samples, "s", NAMES, params.withThreads(1), TrainingListener.NONE);
    assertEquals(
        first.trials(),
        second.trials().stream()
            .map(
                t ->
                    new TrialResult(
                        t.trial(),
                        t.totalTrials(),
                        t.params(),
                        t.metricName(),
                        t.cvMean(),
                        t.cvStd(),
                        t.bestRounds(),
                        first.trials().get(t.trial() - 1).elapsedSeconds()))
            .toList());
    assertTrue(java.util.Arrays.equals(first.bundle().booster(), second.bundle().booster()));
  }

  @Test
  void exhaustedTimeBudgetStopsTheSearchAfterOneRound() {
    TrainingParams params =
        SyntheticData.quick().withRounds(20).withSearch(new SearchParams(50, 0, 2, 20));
    TrainingResult result =
        Trainer.train(checkerboard(40, 1), "s", NAMES, params, TrainingListener.NONE);
    assertEquals(1, result.trials().size());
    assertEquals(1, result.trials().get(0).bestRounds());
    assertEquals(1, result.bundle().metadata().chosenParams().get("rounds"));
  }

  /**
   * Labels are random, so nothing generalises, but each clip has ten near-identical variants. A
   * split that let variants of a clip fall on both sides would score far above chance by
   * recognising them; grouping by clip must keep the score at chance level.
   */
  @Test
  void variantsOfAClipNeverLeakAcrossTheSplit() {
    Random random = new Random(7);
    List<LabeledSample> grouped = new ArrayList<>();
    List<LabeledSample> leaky = new ArrayList<>();
    for (int clip = 0; clip < 80; clip++) {
      float[] base = new float[4];
      for (int d = 0; d < 4; d++) {
        base[d] = (float) random.nextGaussian();
      }
      String label = "class" + random.nextInt(4);
      List<LabeledSample> variants = new ArrayList<>();
      SyntheticData.addVariants(variants, label, "clip" + clip, base, 10, 0.01, random);
      grouped.addAll(variants);
      for (int v = 0; v < variants.size(); v++) {
        leaky.add(
            new LabeledSample("clip" + clip + "-variant" + v, label, variants.get(v).features()));
      }
    }
    TrainingParams params = SyntheticData.quick().withSearch(new SearchParams(2, 120, 4, 100));
    TrainingResult honest = Trainer.train(grouped, "s", NAMES, params, TrainingListener.NONE);
    TrainingResult inflated = Trainer.train(leaky, "s", NAMES, params, TrainingListener.NONE);
    double honestAccuracy = honest.metrics().accuracy();
    double leakyAccuracy = inflated.metrics().accuracy();
    assertTrue(honestAccuracy < 0.5, "grouped hold-out accuracy " + honestAccuracy);
    assertTrue(
        leakyAccuracy > 0.8,
        "leaky hold-out accuracy " + leakyAccuracy + " (the data must be one where leakage shows)");
    assertTrue(honest.bundle().metadata().cv().mean() > inflated.bundle().metadata().cv().mean());
  }
}
