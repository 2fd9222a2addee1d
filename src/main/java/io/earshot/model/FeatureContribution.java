package io.earshot.model;

/** How much one feature's value moved the explained class's margin (SHAP value). */
public record FeatureContribution(String feature, float value, double contribution) {}
