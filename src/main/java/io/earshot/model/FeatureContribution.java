package io.earshot.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** How much one feature's value moved the explained class's margin (SHAP value). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeatureContribution(String feature, float value, double contribution) {}
