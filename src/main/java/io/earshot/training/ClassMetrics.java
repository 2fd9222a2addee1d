package io.earshot.training;

/** Precision, recall and F1 of one class, with the number of true samples of that class. */
public record ClassMetrics(double precision, double recall, double f1, int support) {}
