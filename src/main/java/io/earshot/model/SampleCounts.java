package io.earshot.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/** Samples per class: in total, in the training split and in the held-out split. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SampleCounts(
    Map<String, Integer> total,
    Map<String, Integer> train,
    Map<String, Integer> holdout,
    int clips) {}
