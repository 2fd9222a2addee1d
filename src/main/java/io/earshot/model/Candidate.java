package io.earshot.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One class and its calibrated probability. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Candidate(String label, double probability) {}
