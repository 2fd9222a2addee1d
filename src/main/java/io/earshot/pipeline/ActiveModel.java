package io.earshot.pipeline;

import io.earshot.model.Classifier;
import io.earshot.model.ModelBundle;

/** A model version ready to score: its bundle and the classifier built from it. */
public record ActiveModel(String version, ModelBundle bundle, Classifier classifier) {}
