package io.earshot.http.viz;

import io.earshot.model.ClassProfiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-class summary of chosen features over labelled feature vectors: mean, standard deviation and
 * the 10th / 50th / 90th percentiles, classes in alphabetical order.
 */
public final class FeatureDistributions {

  /** One labelled vector, in the order of the schema's names. */
  public record Row(String label, float[] values) {}

  public record ClassStats(
      int count, double mean, double std, double p10, double p50, double p90) {}

  /**
   * @param perClass class → stats, in {@code classes} order
   */
  public record Feature(String name, Map<String, ClassStats> perClass) {}

  /**
   * @param counts samples per class, in {@code classes} order
   */
  public record Summary(
      List<String> classes, Map<String, Integer> counts, List<Feature> features) {}

  private FeatureDistributions() {}

  /**
   * Summarises {@code wanted} features. Rows whose length differs from {@code schemaNames} were
   * extracted with another schema and are skipped.
   *
   * @throws IllegalArgumentException if a wanted name is not in the schema
   */
  public static Summary summarise(List<Row> rows, List<String> schemaNames, List<String> wanted) {
    int[] columns = new int[wanted.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = schemaNames.indexOf(wanted.get(i));
      if (columns[i] < 0) {
        throw new IllegalArgumentException("feature '" + wanted.get(i) + "' is not in the schema");
      }
    }
    Map<String, List<float[]>> byClass = new TreeMap<>();
    for (Row row : rows) {
      if (row.values().length == schemaNames.size()) {
        byClass.computeIfAbsent(row.label(), k -> new ArrayList<>()).add(row.values());
      }
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    byClass.forEach((label, vectors) -> counts.put(label, vectors.size()));
    List<Feature> features = new ArrayList<>(wanted.size());
    for (int i = 0; i < columns.length; i++) {
      Map<String, ClassStats> perClass = new LinkedHashMap<>();
      for (Map.Entry<String, List<float[]>> entry : byClass.entrySet()) {
        perClass.put(entry.getKey(), stats(column(entry.getValue(), columns[i])));
      }
      features.add(new Feature(wanted.get(i), perClass));
    }
    return new Summary(List.copyOf(byClass.keySet()), counts, features);
  }

  /**
   * The same summary read from a model's class profiles (the distributions it was trained on).
   *
   * @throws IllegalArgumentException if a wanted name is not in the profiles
   */
  public static Summary fromProfiles(ClassProfiles profiles, List<String> wanted) {
    List<String> classes = List.copyOf(new TreeMap<>(profiles.clips()).keySet());
    Map<String, Integer> counts = new LinkedHashMap<>();
    classes.forEach(c -> counts.put(c, profiles.clips().get(c)));
    List<Feature> features = new ArrayList<>(wanted.size());
    for (String name : wanted) {
      Map<String, ClassProfiles.Stats> byClass = profiles.features().get(name);
      if (byClass == null) {
        throw new IllegalArgumentException("feature '" + name + "' is not in the model's profiles");
      }
      Map<String, ClassStats> perClass = new LinkedHashMap<>();
      for (String c : classes) {
        ClassProfiles.Stats p = byClass.get(c);
        perClass.put(
            c, new ClassStats(counts.get(c), p.mean(), p.std(), p.p10(), p.p50(), p.p90()));
      }
      features.add(new Feature(name, perClass));
    }
    return new Summary(classes, counts, features);
  }

  static ClassStats stats(double[] values) {
    ClassProfiles.Stats s = ClassProfiles.Stats.of(values);
    return new ClassStats(values.length, s.mean(), s.std(), s.p10(), s.p50(), s.p90());
  }

  private static double[] column(List<float[]> vectors, int column) {
    double[] out = new double[vectors.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = vectors.get(i)[column];
    }
    return out;
  }
}
