package io.earshot.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A run of windows answered with the same class.
 *
 * @param confidence the highest confidence of its windows
 * @param meanConfidence the mean confidence of its windows
 * @param segments how many windows it merges
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Event(
    String label,
    double startS,
    double endS,
    double confidence,
    double meanConfidence,
    int segments) {}
