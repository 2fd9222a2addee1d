package io.earshot.pipeline;

import io.earshot.features.FeatureCatalog;
import io.earshot.model.Explanation;
import java.util.List;

/**
 * Names each SHAP contribution with the plain-words group a person reads (pitch stability, ...).
 */
final class Explanations {
  private Explanations() {}

  static List<Prediction.Contribution> of(Explanation explanation) {
    return explanation.top().stream()
        .map(
            c ->
                new Prediction.Contribution(
                    c.feature(), FeatureCatalog.groupOf(c.feature()), c.contribution()))
        .toList();
  }
}
