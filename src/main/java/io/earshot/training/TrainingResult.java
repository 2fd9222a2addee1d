package io.earshot.training;

import io.earshot.model.ModelBundle;
import java.util.List;

/**
 * A trained model and how it was found.
 *
 * @param trials the search trials in order (empty when no search ran)
 * @param holdout the held-out samples its metrics were computed on, so that another model (the
 *     active one) can be scored on exactly the same clips before deciding which to promote
 */
public record TrainingResult(
    ModelBundle bundle, List<TrialResult> trials, List<LabeledSample> holdout) {

  /** Metrics of the calibrated model on the held-out split. */
  public EvaluationReport metrics() {
    return bundle.metrics();
  }
}
