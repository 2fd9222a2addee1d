package io.earshot.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
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
  public record Stats(float mean, float std, float p10, float p50, float p90) {}
}
