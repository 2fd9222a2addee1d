package io.earshot.features;

/**
 * One clip's features, in the order given by the {@link FeatureSchema} that produced them.
 *
 * <p>The array is owned by the vector once constructed; callers must not mutate it.
 */
public record FeatureVector(String schemaId, float[] values) {

  public FeatureVector {
    if (schemaId == null || values == null) {
      throw new IllegalArgumentException("schemaId and values are required");
    }
  }

  public int size() {
    return values.length;
  }
}
