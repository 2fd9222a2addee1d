package io.earshot.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.model.Margins;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  /**
   * Labels drawn from softmax(z); the "model" reports 3z, three times too confident. The fitted
   * temperature must undo the factor and lower the calibration error.
   */
  @Test
  void temperatureUndoesOverconfidence() {
    Random random = new Random(1);
    int n = 4000;
    int k = 4;
    float[][] overconfident = new float[n][k];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      float[] z = new float[k];
      for (int c = 0; c < k; c++) {
        z[c] = (float) random.nextGaussian();
        overconfident[i][c] = 3 * z[c];
      }
      y[i] = draw(Margins.toProbabilities(z, k, 1), random);
    }
    double t = TemperatureScaling.fit(overconfident, y, k);
    assertEquals(3.0, t, 0.3);
    double before =
        Evaluator.expectedCalibrationError(y, Margins.toProbabilities(overconfident, k, 1), 10);
    double after =
        Evaluator.expectedCalibrationError(y, Margins.toProbabilities(overconfident, k, t), 10);
    assertTrue(after < before / 2, "ECE " + before + " -> " + after);
  }

  @Test
  void binaryMarginsAreCalibratedToo() {
    Random random = new Random(2);
    int n = 4000;
    float[][] margins = new float[n][1];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double z = random.nextGaussian() * 2;
      margins[i][0] = (float) (2 * z);
      y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    assertEquals(2.0, TemperatureScaling.fit(margins, y, 2), 0.25);
  }

  @Test
  void trainerLowersCalibrationErrorOnNoisyLabels() {
    // 35% of clips carry a wrong label: deep, unregularised trees learn the noise and are
    // overconfident; the temperature fitted out of fold must bring the held-out ECE down
    Random random = new Random(5);
    java.util.List<LabeledSample> samples = new java.util.ArrayList<>();
    for (LabeledSample s : SyntheticData.blobs(3, 200, 1, 4, 2.5, 8)) {
      String label = random.nextDouble() < 0.35 ? "class" + random.nextInt(3) : s.label();
      samples.add(new LabeledSample(s.clipId(), label, s.features()));
    }
    TrainingParams params =
        SyntheticData.quick()
            .withTree(10, 0.3, 0, 1, 1, 0, 60)
            .withSearch(new SearchParams(1, 60, 3));
    TrainingResult result =
        Trainer.train(samples, "s", SyntheticData.featureNames(4), params, TrainingListener.NONE);
    io.earshot.model.Calibration calibration = result.bundle().metadata().calibration();
    assertEquals("cv_out_of_fold", calibration.fittedOn());
    assertTrue(calibration.temperature() > 1, "temperature " + calibration.temperature());
    assertTrue(
        calibration.eceAfter() < calibration.eceBefore(),
        "ECE " + calibration.eceBefore() + " -> " + calibration.eceAfter());
    assertEquals(calibration.eceAfter(), result.metrics().ece(), 1e-12);
  }

  private static int draw(double[] p, Random random) {
    double u = random.nextDouble();
    for (int c = 0; c < p.length; c++) {
      u -= p[c];
      if (u < 0) {
        return c;
      }
    }
    return p.length - 1;
  }
}
