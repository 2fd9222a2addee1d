package io.earshot.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A compact description of the features a model was trained on, kept in the bundle as summary.json
 * so that a served model can tell what it has never seen. Models trained before it existed have
 * none; they answer without novelty.
 *
 * @param novelty distance of a clip to the training classes, and what that distance means
 * @param profiles per class, how each feature was distributed (for the visualisations)
 * @param drift each feature's training distribution in decile bins (for drift against recent
 *     predictions)
 * @param confidence the fitted confidence floor of "uncertain" answers; null when too few clips
 *     were scored out of fold to fit one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingSummary(
    NoveltyModel novelty,
    ClassProfiles profiles,
    DriftReference drift,
    ConfidenceFloor confidence) {}
