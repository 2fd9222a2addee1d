package io.earshot.training;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One boosting round.
 *
 * @param phase "cv" while cross-validating a trial, "validation" while finding the round count on a
 *     validation split, "refit" while fitting the final model
 * @param round 1-based round within the phase
 * @param totalRounds most rounds of the phase; early stopping may end it sooner
 * @param trainMetric metric on the data being fitted; NaN in the cv phase, where it is not computed
 *     (Jackson writes NaN as the string "NaN")
 * @param validationMetric metric on the validation data: the mean over folds in "cv", the held-out
 *     split in "refit" (shown only, never used to decide anything)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingProgress(
    String phase,
    int round,
    int totalRounds,
    double trainMetric,
    double validationMetric,
    String metricName,
    double elapsedSeconds,
    double etaSeconds) {}
