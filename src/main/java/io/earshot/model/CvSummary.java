package io.earshot.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Outcome of the cross-validated parameter search.
 *
 * @param mean mean over folds of the metric at the chosen round count (lower is better)
 * @param std its standard deviation over folds
 * @param bestRounds chosen round count, used for the refit on all training data
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CvSummary(
    int folds,
    int trials,
    String metric,
    double mean,
    double std,
    int bestRounds,
    double defaultParamsMean) {}
