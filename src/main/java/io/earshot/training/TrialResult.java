package io.earshot.training;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * One finished trial of the hyper-parameter search.
 *
 * @param trial 1-based trial number
 * @param cvMean mean cross-validated metric at the best round (lower is better)
 * @param cvStd standard deviation of that metric over the folds
 * @param bestRounds round count with the best mean metric
 * @param elapsedSeconds time since the search started
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrialResult(
    int trial,
    int totalTrials,
    Map<String, Object> params,
    String metricName,
    double cvMean,
    double cvStd,
    int bestRounds,
    double elapsedSeconds) {}
