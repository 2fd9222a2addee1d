package io.earshot.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.Test;

class BoosterRoundsTest {

  @Test
  void marginsOfFirstRoundsEqualAShorterTraining() throws Exception {
    TrainingData data =
        TrainingData.of(SyntheticData.blobs(3, 20, 1, 4, 3, 9), SyntheticData.featureNames(4));
    Map<String, Object> params = SyntheticData.quick().boosterParams(3, 1);
    DMatrix all = data.matrix(data.allRows(), null);
    try {
      BoosterRounds.Fit longer =
          BoosterRounds.fit(params, all, null, 20, 0, "t", TrainingListener.NONE);
      BoosterRounds.Fit shorter =
          BoosterRounds.fit(params, all, null, 10, 0, "t", TrainingListener.NONE);
      float[][] truncated = BoosterRounds.margins(longer.booster(), all, 10);
      float[][] full = BoosterRounds.margins(shorter.booster(), all, 10);
      for (int i = 0; i < full.length; i++) {
        assertArrayEquals(full[i], truncated[i], 1e-5f);
      }
      assertEquals(20, longer.booster().getNumBoostedRound());
      longer.booster().dispose();
      shorter.booster().dispose();
    } finally {
      all.dispose();
    }
  }

  @Test
  void earlyStoppingKeepsTheBestRound() throws Exception {
    // labels are noise: validation loss bottoms out early and training stops 5 rounds later
    java.util.List<LabeledSample> samples = new java.util.ArrayList<>();
    java.util.Random random = new java.util.Random(4);
    for (int i = 0; i < 200; i++) {
      float[] f = {(float) random.nextGaussian(), (float) random.nextGaussian()};
      samples.add(new LabeledSample("clip" + i, random.nextBoolean() ? "a" : "b", f));
    }
    TrainingData data = TrainingData.of(samples, SyntheticData.featureNames(2));
    GroupSplits.Split split = GroupSplits.holdout(data.allRows(), data.clipIds, data.y, 0.3, 1);
    DMatrix train = data.matrix(split.train(), null);
    DMatrix valid = data.matrix(split.validation(), null);
    int[] rounds = {0};
    TrainingListener counter =
        new TrainingListener() {
          @Override
          public void onRound(TrainingProgress p) {
            rounds[0]++;
          }
        };
    Map<String, Object> params =
        SyntheticData.quick().withTree(8, 0.3, 0, 1, 1, 0, 200).boosterParams(2, 1);
    BoosterRounds.Fit fit = BoosterRounds.fit(params, train, valid, 200, 5, "t", counter);
    assertEquals(fit.bestRounds() + 5, rounds[0]);
    assertTrue(fit.bestRounds() < 100, "best " + fit.bestRounds());
    fit.booster().dispose();
    train.dispose();
    valid.dispose();
  }

  @Test
  void parsesEvalLines() {
    assertArrayEquals(
        new double[] {0.51, 0.62},
        BoosterRounds.parseMetrics("[3]\ttrain-mlogloss:0.51\tvalid-mlogloss:0.62"),
        1e-12);
  }
}
