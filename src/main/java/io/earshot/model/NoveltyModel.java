package io.earshot.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Arrays;

/**
 * How far a feature vector lies from everything a model was trained on, and what that distance
 * means among the training clips' own distances.
 *
 * <p>The distance to one class is the mean of the {@code topDeviations} largest per-feature
 * deviations {@code |x - mean| / spread}; the distance of a vector is that to its nearest class. A
 * sound no class covers leaves at least a few features far outside every class's range, while a sum
 * over all 142 features (Mahalanobis) drowns those few in the noise of the rest (docs/MODEL.md has
 * the comparison). Cost: one pass over classes × features, no allocation.
 *
 * <p>{@link #novelty} maps a distance to where it falls among the out-of-fold distances of the
 * training clips: their empirical distribution up to the {@code tailStart} quantile, an exponential
 * tail fitted to the distances above it beyond (so the score keeps growing past the farthest
 * training clip instead of stopping at 1).
 *
 * @param means per class (in the model's class order), the mean of each feature (raw units)
 * @param inverseSpreads per class, 1 / spread of each feature (class standard deviation plus a
 *     floor relative to the feature's overall spread, so no feature divides by zero)
 * @param topDeviations how many of the largest deviations are averaged
 * @param reference sorted out-of-fold distances of training clips to their own class (a quantile
 *     sketch)
 * @param tailQuantile the quantile of {@code reference} where the exponential tail takes over
 * @param tailScale mean excess of the out-of-fold distances above the tail start
 * @param threshold novelty at or above which a prediction abstains as novel
 * @param holdoutNovelRate share of the held-out clips at or above the threshold (in-distribution
 *     clips wrongly called novel); NaN when there was no hold-out
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NoveltyModel(
    float[][] means,
    float[][] inverseSpreads,
    int topDeviations,
    double[] reference,
    double tailQuantile,
    double tailScale,
    double threshold,
    double holdoutNovelRate) {

  public NoveltyModel {
    if (means == null || inverseSpreads == null || means.length == 0) {
      throw new IllegalArgumentException("a novelty model needs per-class means and spreads");
    }
    if (means.length != inverseSpreads.length) {
      throw new IllegalArgumentException("means and spreads must cover the same classes");
    }
    int width = means[0].length;
    for (int c = 0; c < means.length; c++) {
      if (means[c].length != width || inverseSpreads[c].length != width) {
        throw new IllegalArgumentException("every class must have " + width + " features");
      }
    }
    if (topDeviations < 1 || topDeviations > width) {
      throw new IllegalArgumentException(
          "top_deviations must be in [1, " + width + "], got " + topDeviations);
    }
    if (reference == null || reference.length < 2) {
      throw new IllegalArgumentException("a novelty model needs at least 2 reference distances");
    }
    for (int i = 1; i < reference.length; i++) {
      if (!(reference[i] >= reference[i - 1])) {
        throw new IllegalArgumentException("reference distances must be sorted and finite");
      }
    }
    if (!(tailQuantile > 0 && tailQuantile < 1) || !(tailScale > 0)) {
      throw new IllegalArgumentException("tail_quantile must be in (0, 1) and tail_scale positive");
    }
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
    }
  }

  public int width() {
    return means[0].length;
  }

  /**
   * Distance of {@code x} to one class (see the class comment).
   *
   * @param classIndex the class's index in the model's classes (its most probable class, when
   *     serving)
   */
  public double distance(float[] x, int classIndex) {
    if (x.length != width()) {
      throw new IllegalArgumentException(
          "got " + x.length + " features, the novelty model expects " + width());
    }
    if (classIndex < 0 || classIndex >= means.length) {
      throw new IllegalArgumentException(
          "class index " + classIndex + " outside the model's " + means.length + " classes");
    }
    return classDistance(x, means[classIndex], inverseSpreads[classIndex], topDeviations);
  }

  /** Mean of the {@code topDeviations} largest {@code |x - mean| * inverseSpread}. */
  public static double classDistance(
      float[] x, float[] mean, float[] inverseSpread, int topDeviations) {
    float[] top = new float[topDeviations];
    int last = top.length - 1;
    for (int j = 0; j < x.length; j++) {
      float z = Math.abs((x[j] - mean[j]) * inverseSpread[j]);
      if (z > top[last]) { // insertion into the few largest, kept in descending order
        int i = last;
        while (i > 0 && top[i - 1] < z) {
          top[i] = top[i - 1];
          i--;
        }
        top[i] = z;
      }
    }
    double sum = 0;
    for (float z : top) {
      sum += z;
    }
    return sum / top.length;
  }

  /** Where {@code distance} falls among the training clips' out-of-fold distances, in [0, 1). */
  public double novelty(double distance) {
    double tailStart = tailStart();
    if (distance > tailStart) {
      return 1 - (1 - tailQuantile) * Math.exp(-(distance - tailStart) / tailScale);
    }
    int n = reference.length;
    if (distance <= reference[0]) {
      return 0;
    }
    int hi = Arrays.binarySearch(reference, distance);
    if (hi < 0) {
      hi = -hi - 1;
    } else {
      while (hi + 1 < n && reference[hi + 1] == distance) { // ties: the top of the run
        hi++;
      }
      return Math.min(tailQuantile, (double) hi / (n - 1));
    }
    double lo = reference[hi - 1];
    double fraction = (distance - lo) / (reference[hi] - lo);
    return Math.min(tailQuantile, (hi - 1 + fraction) / (n - 1));
  }

  /** The distance at the tail quantile of the reference distances. */
  public double tailStart() {
    double position = tailQuantile * (reference.length - 1);
    int i = (int) Math.floor(position);
    if (i + 1 >= reference.length) {
      return reference[reference.length - 1];
    }
    return reference[i] + (position - i) * (reference[i + 1] - reference[i]);
  }

  /** The distance at which novelty reaches {@link #threshold}. */
  public double distanceThreshold() {
    return distanceAt(threshold);
  }

  /** Inverse of {@link #novelty} above the tail start (the only place it is strictly monotone). */
  public double distanceAt(double noveltyLevel) {
    if (noveltyLevel <= tailQuantile) {
      return tailStart();
    }
    if (noveltyLevel >= 1) {
      return Double.POSITIVE_INFINITY;
    }
    return tailStart() + tailScale * Math.log((1 - tailQuantile) / (1 - noveltyLevel));
  }

  /** Distance and novelty of one vector, measured to one class. */
  public Score score(float[] x, int classIndex) {
    double d = distance(x, classIndex);
    return new Score(d, novelty(d));
  }

  /** The novelty of one vector. */
  public record Score(double distance, double novelty) {}
}
