package io.earshot.jobs;

import io.earshot.pipeline.ClipIngest;
import io.earshot.pipeline.Hashing;
import io.earshot.training.DatasetVersion;
import io.earshot.training.LabeledSample;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How augmented variants live in the feature store: as samples of their own whose filename is
 * {@code aug:<k>:<clip sha256>}, so a trainer can group them with their clip and choose how many
 * variants per clip to use.
 */
public final class StoredSamples {

  private StoredSamples() {}

  /** The store key of variant {@code k} (1-based) of a clip. */
  public static String variantKey(String clipSha, int k) {
    return Hashing.sha256((clipSha + "#" + k).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The store keys every variant of a clip may have ({@link ClipIngest#MAX_AUGMENT} of them), so a
   * relabel or delete finds them without reading the clip first.
   */
  public static List<String> variantKeys(String clipSha) {
    List<String> keys = new ArrayList<>(ClipIngest.MAX_AUGMENT);
    for (int k = 1; k <= ClipIngest.MAX_AUGMENT; k++) {
      keys.add(variantKey(clipSha, k));
    }
    return keys;
  }

  public static String variantFilename(String clipSha, int k) {
    return StoredSample.VARIANT_PREFIX + k + ":" + clipSha;
  }

  /** Whether a stored filename is a variant's ({@link #variantFilename}). */
  public static boolean isVariantFilename(String filename) {
    return filename.startsWith(StoredSample.VARIANT_PREFIX);
  }

  /** The clip a variant's filename names. */
  public static String clipOfVariant(String filename) {
    return filename.substring(filename.lastIndexOf(':') + 1);
  }

  /** Which variant of its clip (1-based) a variant's filename names. */
  public static int variantNumber(String filename) {
    return Integer.parseInt(filename.split(":", 3)[1]);
  }

  /** Training samples: every original clip plus at most {@code augment} variants of each. */
  public static List<LabeledSample> toLabeled(List<StoredSample> stored, int augment) {
    List<LabeledSample> out = new ArrayList<>(stored.size());
    for (StoredSample s : stored) {
      if (!s.isAugmentedVariant()) {
        out.add(new LabeledSample(s.sha256(), s.label(), s.features()));
        continue;
      }
      if (variantNumber(s.filename()) <= augment) {
        out.add(new LabeledSample(s.clipSha256(), s.label(), s.features()));
      }
    }
    return out;
  }

  /**
   * Training samples for exactly {@code dataset}: its clips under the labels it recorded (whatever
   * they are labelled now), each with at most {@code augment} of its variants.
   *
   * @throws IllegalArgumentException when a clip of the dataset is no longer among {@code stored}
   */
  public static List<LabeledSample> pinned(
      List<StoredSample> stored, DatasetVersion dataset, int augment) {
    Map<String, String> labels = dataset.labels();
    List<StoredSample> chosen = new ArrayList<>();
    Set<String> present = new HashSet<>();
    for (StoredSample s : stored) {
      String label = labels.get(s.clipSha256());
      if (label != null) {
        chosen.add(s.withLabel(label));
        if (!s.isAugmentedVariant()) {
          present.add(s.sha256());
        }
      }
    }
    List<String> missing = labels.keySet().stream().filter(sha -> !present.contains(sha)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(missingMessage(dataset, missing));
    }
    return toLabeled(chosen, augment);
  }

  /** Why a dataset cannot be trained on exactly any more, naming a clip that is gone. */
  public static String missingMessage(DatasetVersion dataset, List<String> missing) {
    return "dataset version "
        + dataset.version()
        + " cannot be trained on exactly any more: "
        + missing.size()
        + " of its "
        + dataset.pairs().size()
        + " clips are gone (deleted, or stored with another feature schema), e.g. "
        + missing.get(0)
        + ". Retrain without dataset_version to use the current data.";
  }

  /** Why a dataset version cannot be found. */
  public static String unknownDatasetMessage(String version) {
    return "no training here recorded dataset version "
        + version
        + ": GET /api/v1/models shows each model's dataset.version";
  }
}
