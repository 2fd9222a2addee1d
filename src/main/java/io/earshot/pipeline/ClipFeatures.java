package io.earshot.pipeline;

import io.earshot.features.FeatureVector;
import java.util.List;

/**
 * Features of one source clip and of its augmented variants, which share the clip's SHA-256 so they
 * always fall in the same split.
 */
public record ClipFeatures(
    LabeledFile file,
    String sha256,
    double durationSeconds,
    double loudestFrameDbfs,
    FeatureVector original,
    List<FeatureVector> augmented) {}
