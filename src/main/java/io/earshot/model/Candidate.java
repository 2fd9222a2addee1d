package io.earshot.model;

/** One class and its calibrated probability. */
public record Candidate(String label, double probability) {}
