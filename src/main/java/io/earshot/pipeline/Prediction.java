package io.earshot.pipeline;

import io.earshot.model.Candidate;
import io.earshot.model.ScoredPrediction;
import io.earshot.openset.OpenSetPolicy;
import io.earshot.openset.UnknownReason;
import java.util.List;
import java.util.Map;

/**
 * The answer for one clip.
 *
 * @param predictedClass the winning class, or null when the answer abstains
 * @param confidence calibrated probability of the most probable class, also when abstaining
 * @param unknownReason why the answer abstains; null when it does not
 * @param novelty where the clip's distance to the training data falls among the training clips' own
 *     (0 to 1); NaN for a model trained without a training summary
 * @param loudestFrameDbfs level of the clip's loudest frame (what the silence gate judged)
 * @param probabilities calibrated probability per class, in the model's class order
 * @param top the best candidates, most likely first
 * @param explanation the features that pushed the answer most; empty unless asked for
 */
public record Prediction(
    String predictedClass,
    double confidence,
    UnknownReason unknownReason,
    double novelty,
    double loudestFrameDbfs,
    Map<String, Double> probabilities,
    List<Candidate> top,
    String modelVersion,
    double durationSeconds,
    StageTimings timings,
    List<Contribution> explanation) {

  /** A scored clip after the open-set rules, before timings and explanations are added. */
  public record Answered(
      ScoredPrediction scored,
      OpenSetPolicy.Answer answer,
      double novelty,
      double loudestFrameDbfs) {}

  /** One feature's push towards the predicted class, in margin units (SHAP). */
  public record Contribution(String feature, String group, double contribution) {}

  /** Milliseconds spent in each stage of the pipeline. */
  public record StageTimings(double decodeMs, double featuresMs, double scoringMs) {
    public double totalMs() {
      return decodeMs + featuresMs + scoringMs;
    }
  }
}
