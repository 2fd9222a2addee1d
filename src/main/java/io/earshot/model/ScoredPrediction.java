package io.earshot.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * A classification of one feature vector.
 *
 * @param predictedClass the most probable class, or null ("unknown") when its calibrated
 *     probability is below the model's unknown threshold
 * @param confidence calibrated probability of the most probable class (also when unknown)
 * @param probabilities calibrated probability of every class, in the model's class order
 * @param top the most probable classes, best first
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScoredPrediction(
    String predictedClass,
    double confidence,
    Map<String, Double> probabilities,
    List<Candidate> top) {

  public boolean unknown() {
    return predictedClass == null;
  }
}
