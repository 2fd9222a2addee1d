package io.earshot.pipeline;

/** A file that could not be turned into features, with the reason a person can act on. */
public record ExtractionFailure(LabeledFile file, String reason) {}
