package io.earshot.training;

/**
 * One training example.
 *
 * @param clipId SHA-256 of the source clip; augmented variants of a clip share it, so they always
 *     fall in the same split and fold as the clip
 * @param label class name
 * @param features feature values in the order of the feature schema
 */
public record LabeledSample(String clipId, String label, float[] features) {

  public LabeledSample {
    if (clipId == null || clipId.isBlank()) {
      throw new IllegalArgumentException("a labelled sample needs a clipId");
    }
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("sample of clip " + clipId + " has no label");
    }
    if (features == null) {
      throw new IllegalArgumentException("sample of clip " + clipId + " has no features");
    }
  }
}
