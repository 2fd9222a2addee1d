package io.earshot.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Why a class scored as it did, in raw margin units (before calibration and softmax): {@code bias +
 * sum(top contributions) + otherContribution == margin}.
 *
 * @param explainedClass the predicted (most probable) class
 * @param margin the booster's raw margin for that class; for a two-class model the margin of the
 *     first class is the negated logit
 * @param bias the expected margin over the training data (SHAP base value)
 * @param top the features with the largest absolute contribution, largest first
 * @param otherContribution the summed contributions of the features not in {@code top}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Explanation(
    String explainedClass,
    double margin,
    double bias,
    List<FeatureContribution> top,
    double otherContribution) {}
