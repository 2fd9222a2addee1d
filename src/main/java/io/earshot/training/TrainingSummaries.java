package io.earshot.training;

import io.earshot.model.ClassProfiles;
import io.earshot.model.ConfidenceFloor;
import io.earshot.model.DriftReference;
import io.earshot.model.Margins;
import io.earshot.model.NoveltyModel;
import io.earshot.model.TrainingSummary;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/** Builds the {@link TrainingSummary} a model carries: novelty, class profiles, drift reference. */
final class TrainingSummaries {

  /**
   * Share of in-distribution clips the novelty threshold is fitted to call novel: small next to the
   * 5 % of in-distribution clips the open-set defaults may hold back in all.
   */
  static final double NOVEL_RATE = 0.02;

  /** Share of rightly answered clips the fitted confidence floor may call uncertain. */
  static final double UNCERTAIN_RATE = 0.02;

  /** Rightly answered out-of-fold clips needed to fit a confidence floor at all. */
  static final int MINIMUM_FLOOR_CLIPS = 20;

  private TrainingSummaries() {}

  /**
   * Novelty is fitted on the training rows (out-of-fold reference distances from as many folds as
   * the search uses) and rated on the hold-out, or left out when too few clips could be measured
   * out of fold; profiles and the drift reference describe every clip once (its first row:
   * augmented variants would repeat it).
   *
   * @param confidence the fitted confidence floor, or null
   */
  static TrainingSummary of(
      TrainingData data,
      int[] trainRows,
      int[] holdRows,
      TrainingParams params,
      ConfidenceFloor confidence) {
    NoveltyModel novelty =
        NoveltyFitter.fit(data, trainRows, params.search().folds(), NOVEL_RATE, params.seed())
            .map(fitted -> NoveltyFitter.withHoldoutRate(fitted, data, holdRows))
            .orElse(null);
    int[] clips = firstRowOfEachClip(data);
    float[][] rows = Arrays.stream(clips).mapToObj(r -> data.features[r]).toArray(float[][]::new);
    return new TrainingSummary(
        novelty, profiles(data, clips), DriftReference.of(rows, data.numFeatures), confidence);
  }

  /**
   * The {@link #UNCERTAIN_RATE} quantile of the calibrated confidence of the clips the model
   * answered rightly out of fold (or on the validation split); null with fewer than {@link
   * #MINIMUM_FLOOR_CLIPS} of them.
   *
   * @param margins out-of-fold margins, one row per clip scored
   * @param labels the true class of each row
   */
  static ConfidenceFloor confidenceFloor(
      float[][] margins, int[] labels, int numClasses, double temperature) {
    double[][] p = Margins.toProbabilities(margins, numClasses, temperature);
    double[] right =
        IntStream.range(0, p.length)
            .filter(i -> argmax(p[i]) == labels[i])
            .mapToDouble(i -> p[i][labels[i]])
            .sorted()
            .toArray();
    if (right.length < MINIMUM_FLOOR_CLIPS) {
      return null;
    }
    return new ConfidenceFloor(
        NoveltyFitter.quantile(right, UNCERTAIN_RATE), UNCERTAIN_RATE, right.length);
  }

  private static int argmax(double[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      best = p[c] > p[best] ? c : best;
    }
    return best;
  }

  private static int[] firstRowOfEachClip(TrainingData data) {
    Set<String> seen = new HashSet<>();
    return Arrays.stream(data.allRows()).filter(r -> seen.add(data.clipIds[r])).toArray();
  }

  private static ClassProfiles profiles(TrainingData data, int[] clips) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    int[] perClass = data.countsPerClass(clips);
    for (int c = 0; c < data.numClasses(); c++) {
      counts.put(data.classes.get(c), perClass[c]);
    }
    Map<String, Map<String, ClassProfiles.Stats>> features = new LinkedHashMap<>();
    for (int f = 0; f < data.numFeatures; f++) {
      Map<String, ClassProfiles.Stats> byClass = new LinkedHashMap<>();
      for (int c = 0; c < data.numClasses(); c++) {
        int cls = c;
        int feature = f;
        double[] values =
            Arrays.stream(clips)
                .filter(r -> data.y[r] == cls)
                .mapToDouble(r -> data.features[r][feature])
                .toArray();
        byClass.put(data.classes.get(c), ClassProfiles.Stats.of(values));
      }
      features.put(data.featureNames.get(f), byClass);
    }
    return new ClassProfiles(counts, features);
  }
}
