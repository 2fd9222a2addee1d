package io.earshot.jobs;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One uploaded clip's features, keyed by the SHA-256 of the clip's bytes.
 *
 * <p>The array is owned by the sample once constructed; callers must not mutate it.
 */
public record StoredSample(
    String sha256,
    String label,
    String schemaId,
    float[] features,
    String filename,
    Instant at,
    Double durationSeconds) {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /**
   * Filename prefix of augmented variants ({@code aug:<k>:<clip sha256>}); see {@link
   * StoredSamples}.
   */
  public static final String VARIANT_PREFIX = "aug:";

  public StoredSample {
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got: " + sha256);
    }
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("label is required for sample " + sha256);
    }
    if (schemaId == null || schemaId.isBlank()) {
      throw new IllegalArgumentException("schemaId is required for sample " + sha256);
    }
    if (features == null || features.length == 0) {
      throw new IllegalArgumentException("features are required for sample " + sha256);
    }
    filename = filename == null ? "" : filename;
    at = at == null ? Instant.now() : at;
  }

  /** A sample whose clip length is not known (stored before lengths were kept). */
  public StoredSample(
      String sha256, String label, String schemaId, float[] features, String filename, Instant at) {
    this(sha256, label, schemaId, features, filename, at, null);
  }

  /** The same sample under another label (a relabelled clip and its variants). */
  public StoredSample withLabel(String newLabel) {
    return new StoredSample(sha256, newLabel, schemaId, features, filename, at, durationSeconds);
  }

  /** The same sample with the vector of another feature schema (a feature upgrade). */
  public StoredSample withFeatures(String newSchemaId, float[] newFeatures) {
    return new StoredSample(sha256, label, newSchemaId, newFeatures, filename, at, durationSeconds);
  }

  /** The clip an augmented variant was made from; the sample's own hash for a clip. */
  public String clipSha256() {
    return isAugmentedVariant() ? StoredSamples.clipOfVariant(filename) : sha256;
  }

  /**
   * True for an augmented variant of an uploaded clip: stored for training, never counted as a clip
   * of its own (dataset counts, auto-retrain threshold).
   */
  public boolean isAugmentedVariant() {
    return StoredSamples.isVariantFilename(filename);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredSample that
        && sha256.equals(that.sha256)
        && label.equals(that.label)
        && schemaId.equals(that.schemaId)
        && Arrays.equals(features, that.features)
        && filename.equals(that.filename)
        && at.equals(that.at)
        && Objects.equals(durationSeconds, that.durationSeconds);
  }

  @Override
  public int hashCode() {
    return 31 * sha256.hashCode() + Arrays.hashCode(features);
  }

  @Override
  public String toString() {
    return "StoredSample["
        + sha256
        + ", label="
        + label
        + ", schema="
        + schemaId
        + ", "
        + features.length
        + " features, "
        + filename
        + ", "
        + at
        + "]";
  }
}
