package io.earshot.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.model.NoveltyModel;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoveltyFitterTest {
  private static final int DIMS = 12;

  @Test
  void freshClipsOfTheTrainedClassesRarelyLookNovelAndFarOnesAlwaysDo() {
    List<LabeledSample> samples = SyntheticData.blobs(3, 60, 2, DIMS, 8, 11);
    TrainingData data = TrainingData.of(samples, SyntheticData.featureNames(DIMS));
    NoveltyModel model = NoveltyFitter.fit(data, data.allRows(), 5, 0.01, 1).orElseThrow();
    assertEquals(0.99, model.threshold(), 1e-12);
    // the same seed gives the same class centres; without variants, the clips drawn around them
    // part from the training draws after the first clip
    List<LabeledSample> fresh = SyntheticData.blobs(3, 200, 1, DIMS, 8, 11);
    long novel =
        fresh.stream()
            .filter(s -> model.score(s.features(), classIndex(s)).novelty() >= model.threshold())
            .count();
    double rate = (double) novel / fresh.size();
    assertTrue(rate <= 0.05, "in-distribution clips called novel: " + rate);

    Random random = new Random(5);
    for (int i = 0; i < 50; i++) {
      float[] far = new float[DIMS];
      for (int d = 0; d < DIMS; d++) {
        far[d] = (float) (random.nextGaussian());
      }
      far[random.nextInt(DIMS)] += 40; // far outside every class on a few features
      far[random.nextInt(DIMS)] -= 40;
      for (int c = 0; c < 3; c++) {
        assertTrue(
            model.score(far, c).novelty() >= model.threshold(),
            "a vector far outside every class must be novel");
      }
    }
  }

  @Test
  void referenceDistancesAreOutOfFoldAndSorted() {
    List<LabeledSample> samples = SyntheticData.blobs(2, 30, 3, DIMS, 8, 3);
    TrainingData data = TrainingData.of(samples, SyntheticData.featureNames(DIMS));
    NoveltyModel model = NoveltyFitter.fit(data, data.allRows(), 5, 0.01, 1).orElseThrow();
    double[] reference = model.reference();
    double[] sorted = reference.clone();
    Arrays.sort(sorted);
    assertTrue(Arrays.equals(sorted, reference));
    // a clip's variants are never measured against statistics that include the clip itself:
    // in-sample distances of the same rows are smaller
    double inSample = 0;
    for (int r = 0; r < data.y.length; r++) {
      inSample += model.distance(data.features[r], data.y[r]);
    }
    inSample /= data.y.length;
    double outOfFold = Arrays.stream(reference).average().orElseThrow();
    assertTrue(outOfFold > inSample, outOfFold + " vs in-sample " + inSample);
  }

  @Test
  void theHoldoutRateCountsHeldOutClipsOverTheThreshold() {
    List<LabeledSample> samples = SyntheticData.blobs(2, 30, 1, DIMS, 8, 3);
    TrainingData data = TrainingData.of(samples, SyntheticData.featureNames(DIMS));
    NoveltyModel model = NoveltyFitter.fit(data, data.allRows(), 5, 0.01, 1).orElseThrow();
    assertTrue(Double.isNaN(model.holdoutNovelRate()));
    int[] rows = data.allRows();
    long over =
        Arrays.stream(rows)
            .filter(r -> model.score(data.features[r], data.y[r]).novelty() >= model.threshold())
            .count();
    NoveltyModel rated = NoveltyFitter.withHoldoutRate(model, data, rows);
    assertEquals((double) over / rows.length, rated.holdoutNovelRate(), 1e-12);
  }

  @Test
  void aClipOfOneClassAnsweredAsAnotherIsNovel() {
    List<LabeledSample> samples = SyntheticData.blobs(3, 60, 1, DIMS, 8, 11);
    TrainingData data = TrainingData.of(samples, SyntheticData.featureNames(DIMS));
    NoveltyModel model = NoveltyFitter.fit(data, data.allRows(), 5, 0.01, 1).orElseThrow();
    int wrong = 0;
    for (int r = 0; r < data.y.length; r++) {
      int other = (data.y[r] + 1) % 3;
      wrong += model.score(data.features[r], other).novelty() >= model.threshold() ? 1 : 0;
    }
    assertTrue(wrong > 0.9 * data.y.length, wrong + " of " + data.y.length);
  }

  /** Class c of SyntheticData is labelled "class" + c, so its index in sorted classes is c. */
  private static int classIndex(LabeledSample s) {
    return Integer.parseInt(s.label().substring("class".length()));
  }

  @Test
  void tooFewClipsToMeasureOutOfFoldGiveNoNoveltyRatherThanANoisyOne() {
    // one training clip per class: out of its fold, no clip has a class mate left to measure to
    List<LabeledSample> samples = SyntheticData.blobs(3, 2, 2, DIMS, 8, 3);
    TrainingData data = TrainingData.of(samples, SyntheticData.featureNames(DIMS));
    int[] firstClips =
        Arrays.stream(data.allRows()).filter(r -> data.clipIds[r].endsWith("clip0")).toArray();
    assertEquals(6, firstClips.length);
    assertTrue(NoveltyFitter.fit(data, firstClips, 5, 0.01, 1).isEmpty());
  }

  @Test
  void theRateMustLeaveMostClipsIn() {
    List<LabeledSample> samples = SyntheticData.blobs(2, 10, 1, DIMS, 8, 3);
    TrainingData data = TrainingData.of(samples, SyntheticData.featureNames(DIMS));
    assertThrows(
        IllegalArgumentException.class, () -> NoveltyFitter.fit(data, data.allRows(), 5, 0.6, 1));
  }
}
