package io.earshot.training;

import io.earshot.model.ModelBundle;
import java.util.List;

/**
 * A trained model and how it was found.
 *
 * @param trials the search trials in order (empty when no search ran)
 */
public record TrainingResult(ModelBundle bundle, List<TrialResult> trials) {

  /** Metrics of the calibrated model on the held-out split. */
  public EvaluationReport metrics() {
    return bundle.metrics();
  }
}
