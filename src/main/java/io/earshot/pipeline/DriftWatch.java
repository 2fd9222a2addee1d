package io.earshot.pipeline;

import io.earshot.features.FeatureCatalog;
import io.earshot.model.DriftReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The features of this instance's latest predictions, against the distribution the served model was
 * trained on: population stability index per feature, summed up per feature group. Silent clips are
 * not recorded (the gate answers them; they would only show as drift).
 *
 * <p>PSI over a small window is biased upwards (about {@code (bins - 1) / window} for identical
 * distributions), so no level is given below {@link #MINIMUM_WINDOW} clips.
 */
public final class DriftWatch {

  /** Clips needed before levels are given: PSI's small-sample bias is then below 0.05. */
  public static final int MINIMUM_WINDOW = 200;

  /** Usual reading of PSI: below 0.1 stable, up to 0.25 moderate, above a shift. */
  static final double MODERATE = 0.1;

  static final double SHIFT = 0.25;

  private final float[][] ring;
  private int next;
  private int size;

  /**
   * @param capacity recent clips kept (0 keeps none and never reports)
   */
  public DriftWatch(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("drift window must be >= 0, got " + capacity);
    }
    this.ring = new float[capacity][];
  }

  /** Keeps one clip's features (the array is not copied: feature vectors are never mutated). */
  public synchronized void record(float[] features) {
    if (ring.length == 0) {
      return;
    }
    ring[next] = features;
    next = (next + 1) % ring.length;
    size = Math.min(size + 1, ring.length);
  }

  private synchronized float[][] snapshot() {
    float[][] out = new float[size][];
    for (int i = 0; i < size; i++) {
      out[i] = ring[(next - size + i + ring.length) % ring.length];
    }
    return out;
  }

  /** Drift of one feature group. */
  public record GroupDrift(String group, double meanPsi, double maxPsi, String worstFeature) {
    public String level() {
      return DriftWatch.level(meanPsi);
    }
  }

  /**
   * @param window clips compared
   * @param groups per feature group, in the catalogue's order; empty below the minimum window
   */
  public record Report(int window, int minimumWindow, List<GroupDrift> groups) {
    /** The worst group's level, or "insufficient_data" below the minimum window. */
    public String level() {
      return groups.stream()
          .map(GroupDrift::meanPsi)
          .max(Double::compare)
          .map(DriftWatch::level)
          .orElse("insufficient_data");
    }
  }

  /**
   * Compares the recent window with {@code reference}; empty when the reference describes another
   * number of features than {@code featureNames}.
   */
  public Optional<Report> report(DriftReference reference, List<String> featureNames) {
    if (reference.width() != featureNames.size()) {
      return Optional.empty();
    }
    float[][] recent = snapshot();
    if (recent.length < MINIMUM_WINDOW) {
      return Optional.of(new Report(recent.length, MINIMUM_WINDOW, List.of()));
    }
    double[] psi = reference.psi(recent);
    Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
    FeatureCatalog.GROUPS.forEach(g -> byGroup.put(g, new ArrayList<>()));
    for (int f = 0; f < psi.length; f++) {
      byGroup
          .computeIfAbsent(FeatureCatalog.groupOf(featureNames.get(f)), g -> new ArrayList<>())
          .add(f);
    }
    List<GroupDrift> groups = new ArrayList<>();
    byGroup.forEach(
        (group, features) -> {
          if (features.isEmpty()) {
            return;
          }
          int worst = features.get(0);
          double sum = 0;
          for (int f : features) {
            sum += psi[f];
            worst = psi[f] > psi[worst] ? f : worst;
          }
          groups.add(
              new GroupDrift(group, sum / features.size(), psi[worst], featureNames.get(worst)));
        });
    return Optional.of(new Report(recent.length, MINIMUM_WINDOW, List.copyOf(groups)));
  }

  static String level(double psi) {
    return psi < MODERATE ? "stable" : psi < SHIFT ? "moderate" : "shift";
  }
}
