package io.earshot.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Arrays;
import java.util.Map;

/**
 * How every feature was distributed in each class of the training clips: what the feature
 * visualisations draw for a model whose training data this instance does not hold (the shipped
 * model on a fresh instance).
 *
 * @param clips training clips per class
 * @param features feature name → class → distribution, in schema and class order
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClassProfiles(Map<String, Integer> clips, Map<String, Map<String, Stats>> features) {

  public ClassProfiles {
    clips = Map.copyOf(clips);
    features = Map.copyOf(features);
  }

  /** Mean, standard deviation and the 10th, 50th and 90th percentiles of one feature. */
  public record Stats(float mean, float std, float p10, float p50, float p90) {

    /** Sample standard deviation and linearly interpolated percentiles, as numpy's defaults. */
    public static Stats of(double[] values) {
      int n = values.length;
      double mean = Arrays.stream(values).average().orElse(Double.NaN);
      double squares = 0;
      for (double v : values) {
        squares += (v - mean) * (v - mean);
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      return new Stats(
          (float) mean,
          (float) (n > 1 ? Math.sqrt(squares / (n - 1)) : 0),
          (float) percentile(sorted, 10),
          (float) percentile(sorted, 50),
          (float) percentile(sorted, 90));
    }

    /** Linear interpolation between closest ranks; NaN for no values. */
    static double percentile(double[] sorted, double p) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      double rank = p / 100.0 * (sorted.length - 1);
      int below = (int) Math.floor(rank);
      int above = Math.min(sorted.length - 1, below + 1);
      return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
  }
}
