package io.earshot.training;

import io.earshot.model.NoveltyModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fits a {@link NoveltyModel} on training rows. The reference distances are out-of-fold: each clip
 * is measured against class statistics fitted without it (grouped k-fold, so its augmented variants
 * are left out with it), which is what a clip the model has never seen looks like.
 */
final class NoveltyFitter {

  /** Largest deviations averaged into a class distance (docs/MODEL.md: 3 measured best). */
  static final int TOP_DEVIATIONS = 3;

  /** The spread of a feature within a class never falls below this share of its overall spread. */
  static final double SPREAD_FLOOR = 0.05;

  /** Quantile of the out-of-fold distances above which the exponential tail is fitted. */
  static final double TAIL_QUANTILE = 0.9;

  /** Reference distances kept in the bundle (a quantile sketch of all out-of-fold distances). */
  static final int REFERENCE_POINTS = 201;

  /**
   * Out-of-fold distances needed to say anything about a tail: below this (a class or two of a
   * handful of clips) a model is trained without novelty, rather than with a threshold on noise.
   */
  static final int MINIMUM_REFERENCE = 10;

  private NoveltyFitter() {}

  /**
   * @param rows the training rows (never the hold-out)
   * @param folds out-of-fold folds (at least 2)
   * @param novelRate share of in-distribution clips the threshold may call novel, in (0, 0.5)
   * @return empty when fewer than {@link #MINIMUM_REFERENCE} clips could be measured out of fold
   */
  static Optional<NoveltyModel> fit(
      TrainingData data, int[] rows, int folds, double novelRate, long seed) {
    if (!(novelRate > 0 && novelRate < 0.5)) {
      throw new IllegalArgumentException("novel_rate must be in (0, 0.5), got " + novelRate);
    }
    List<Double> outOfFold = new ArrayList<>();
    for (GroupSplits.Split split :
        GroupSplits.kFold(rows, data.clipIds, data.y, Math.max(2, folds), seed)) {
      if (split.train().length == 0 || split.validation().length == 0) {
        continue;
      }
      ClassStats stats = ClassStats.of(data, split.train());
      for (int r : split.validation()) {
        if (stats.means[data.y[r]] != null) { // a fold may lack a rare class
          outOfFold.add(stats.distance(data.features[r], data.y[r]));
        }
      }
    }
    if (outOfFold.size() < MINIMUM_REFERENCE) {
      return Optional.empty();
    }
    double[] sorted = outOfFold.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] reference = quantiles(sorted, Math.min(REFERENCE_POINTS, sorted.length));
    double tailStart = quantile(sorted, TAIL_QUANTILE);
    double tailScale = meanExcess(sorted, tailStart);
    ClassStats all = ClassStats.of(data, rows);
    return Optional.of(
        new NoveltyModel(
            all.means,
            all.inverseSpreads,
            TOP_DEVIATIONS,
            reference,
            TAIL_QUANTILE,
            tailScale,
            1 - novelRate,
            Double.NaN));
  }

  /** The model with the share of {@code heldRows} it calls novel (each to its own class). */
  static NoveltyModel withHoldoutRate(NoveltyModel model, TrainingData data, int[] heldRows) {
    if (heldRows.length == 0) {
      return model;
    }
    long novel =
        Arrays.stream(heldRows)
            .filter(r -> model.score(data.features[r], data.y[r]).novelty() >= model.threshold())
            .count();
    return new NoveltyModel(
        model.means(),
        model.inverseSpreads(),
        model.topDeviations(),
        model.reference(),
        model.tailQuantile(),
        model.tailScale(),
        model.threshold(),
        (double) novel / heldRows.length);
  }

  /** Mean and spread of every feature per class, null for a class without rows. */
  private record ClassStats(float[][] means, float[][] inverseSpreads) {

    static ClassStats of(TrainingData data, int[] rows) {
      int k = data.numClasses();
      int d = data.numFeatures;
      double[] overallSpread = spread(data, rows, new double[d]);
      float[][] means = new float[k][];
      float[][] inverse = new float[k][];
      for (int c = 0; c < k; c++) {
        int cls = c;
        int[] classRows = Arrays.stream(rows).filter(r -> data.y[r] == cls).toArray();
        if (classRows.length == 0) {
          continue;
        }
        double[] mean = new double[d];
        double[] sd = spread(data, classRows, mean);
        float[] m = new float[d];
        float[] inv = new float[d];
        for (int j = 0; j < d; j++) {
          m[j] = (float) mean[j];
          double floor = SPREAD_FLOOR * overallSpread[j] + 1e-6 * Math.max(1, Math.abs(mean[j]));
          inv[j] = (float) (1 / (sd[j] + floor));
        }
        means[c] = m;
        inverse[c] = inv;
      }
      return new ClassStats(means, inverse);
    }

    /** Standard deviation per feature over rows; leaves their mean in {@code mean}. */
    private static double[] spread(TrainingData data, int[] rows, double[] mean) {
      int d = data.numFeatures;
      for (int r : rows) {
        for (int j = 0; j < d; j++) {
          mean[j] += data.features[r][j];
        }
      }
      for (int j = 0; j < d; j++) {
        mean[j] /= rows.length;
      }
      double[] sd = new double[d];
      for (int r : rows) {
        for (int j = 0; j < d; j++) {
          double dev = data.features[r][j] - mean[j];
          sd[j] += dev * dev;
        }
      }
      for (int j = 0; j < d; j++) {
        sd[j] = Math.sqrt(sd[j] / rows.length);
      }
      return sd;
    }

    double distance(float[] x, int c) {
      return NoveltyModel.classDistance(x, means[c], inverseSpreads[c], TOP_DEVIATIONS);
    }
  }

  static double quantile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int i = (int) Math.floor(position);
    if (i + 1 >= sorted.length) {
      return sorted[sorted.length - 1];
    }
    return sorted[i] + (position - i) * (sorted[i + 1] - sorted[i]);
  }

  private static double[] quantiles(double[] sorted, int points) {
    double[] out = new double[points];
    for (int i = 0; i < points; i++) {
      out[i] = quantile(sorted, (double) i / (points - 1));
    }
    return out;
  }

  /** Mean of the distances above {@code start} minus start: the exponential tail's scale. */
  private static double meanExcess(double[] sorted, double start) {
    double sum = 0;
    int n = 0;
    for (double v : sorted) {
      if (v > start) {
        sum += v - start;
        n++;
      }
    }
    double scale = n == 0 ? 0 : sum / n;
    // never a zero scale: identical distances would make every step past them "certainly novel"
    return Math.max(scale, 1e-3 * Math.max(1, start));
  }
}
