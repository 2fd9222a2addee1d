package io.earshot.training;

import java.util.List;

/** Counts of true class (row) against predicted class (column), both in {@code labels} order. */
public record ConfusionMatrix(List<String> labels, int[][] matrix) {}
