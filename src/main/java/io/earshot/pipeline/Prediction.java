package io.earshot.pipeline;

import io.earshot.model.Candidate;
import java.util.List;
import java.util.Map;

/**
 * The answer for one clip.
 *
 * @param predictedClass the winning class, or null when its confidence is under the unknown
 *     threshold
 * @param probabilities calibrated probability per class, in the model's class order
 * @param top the best candidates, most likely first
 * @param explanation the features that pushed the answer most; empty unless asked for
 */
public record Prediction(
    String predictedClass,
    double confidence,
    Map<String, Double> probabilities,
    List<Candidate> top,
    String modelVersion,
    double durationSeconds,
    StageTimings timings,
    List<Contribution> explanation) {

  /** One feature's push towards the predicted class, in margin units (SHAP). */
  public record Contribution(String feature, String group, double contribution) {}

  /** Milliseconds spent in each stage of the pipeline. */
  public record StageTimings(double decodeMs, double featuresMs, double scoringMs) {
    public double totalMs() {
      return decodeMs + featuresMs + scoringMs;
    }
  }
}
