package io.earshot.training;

/**
 * One boosting round.
 *
 * @param phase "cv" while cross-validating a trial, "validation" while finding the round count on
 *     a validation split, "refit" while fitting the final model
 * @param round 1-based round within the phase
 * @param trainMetric metric on the data being fitted (NaN in the cv phase, where it is not computed)
 * @param validationMetric metric on the validation data: the mean over folds in "cv", the held-out
 *     split in "refit" (shown only, never used to decide anything)
 */
public record TrainingProgress(
    String phase,
    int round,
    int totalRounds,
    double trainMetric,
    double validationMetric,
    String metricName,
    double elapsedSeconds,
    double etaSeconds) {}
