package io.earshot.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.model.ConfidenceFloor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfidenceFloorTest {

  @Test
  void theFloorIsALowQuantileOfTheRightAnswersConfidenceAndIgnoresWrongOnes() {
    int n = 101;
    float[][] margins = new float[n + 10][];
    int[] labels = new int[n + 10];
    for (int i = 0; i < n; i++) {
      // right answers, class 0, with margins 0.05 .. 5.05 over class 1
      margins[i] = new float[] {0.05f + i * 0.05f, 0};
      labels[i] = 0;
    }
    for (int i = n; i < n + 10; i++) {
      margins[i] = new float[] {3, 0}; // confidently wrong: true class 1
      labels[i] = 1;
    }
    ConfidenceFloor floor = TrainingSummaries.confidenceFloor(margins, labels, 2, 1.0);
    assertEquals(101, floor.clips(), "the 10 wrong answers are left out");
    // the 2 % quantile of 101 sorted values sits at index 2: the margin 0.15
    double expected = 1 / (1 + Math.exp(-0.15));
    assertEquals(expected, floor.threshold(), 1e-3);
    assertEquals(0.02, floor.rate());
  }

  @Test
  void tooFewRightAnswersFitNoFloor() {
    float[][] margins = new float[19][];
    int[] labels = new int[19];
    for (int i = 0; i < 19; i++) {
      margins[i] = new float[] {2, 0};
    }
    assertNull(TrainingSummaries.confidenceFloor(margins, labels, 2, 1.0));
  }

  @Test
  void aTrainedModelCarriesAFloorFittedOnItsValidationAnswers() {
    List<LabeledSample> samples = SyntheticData.blobs(3, 100, 1, 6, 4, 9);
    var bundle =
        Trainer.train(
                samples,
                "s",
                SyntheticData.featureNames(6),
                SyntheticData.quick(),
                TrainingListener.NONE)
            .bundle();
    ConfidenceFloor floor = bundle.confidenceFloor().orElseThrow();
    assertTrue(floor.threshold() > 1.0 / 3 && floor.threshold() < 1, floor.toString());
    assertTrue(floor.clips() >= 20);
  }
}
