package io.earshot.training;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Validated samples in the array form XGBoost wants, with classes encoded as sorted indices. */
final class TrainingData {

  final List<String> classes;
  final float[][] features;
  final int[] y;
  final String[] clipIds;
  final List<String> featureNames;
  final int numFeatures;

  private TrainingData(
      List<String> classes,
      float[][] features,
      int[] y,
      String[] clipIds,
      List<String> featureNames) {
    this.classes = classes;
    this.featureNames = List.copyOf(featureNames);
    this.features = features;
    this.y = y;
    this.clipIds = clipIds;
    this.numFeatures = features[0].length;
  }

  /** Checks every rule a training set must meet and explains the first one broken. */
  static TrainingData of(List<LabeledSample> samples, List<String> featureNames) {
    if (samples == null || samples.isEmpty()) {
      throw new IllegalArgumentException("no training samples");
    }
    if (featureNames == null || featureNames.isEmpty()) {
      throw new IllegalArgumentException("the feature schema has no feature names");
    }
    int n = samples.size();
    int width = featureNames.size();
    List<String> classes =
        List.copyOf(new TreeSet<>(samples.stream().map(LabeledSample::label).toList()));
    if (classes.size() < 2) {
      throw new IllegalArgumentException(
          "training needs at least 2 classes, got " + classes.size() + " " + classes);
    }
    float[][] features = new float[n][];
    int[] y = new int[n];
    String[] clipIds = new String[n];
    Map<String, String> labelOfClip = new HashMap<>();
    for (int i = 0; i < n; i++) {
      LabeledSample s = samples.get(i);
      if (s.features().length != width) {
        throw new IllegalArgumentException(
            "sample "
                + i
                + " (clip "
                + s.clipId()
                + ") has "
                + s.features().length
                + " features, the schema has "
                + width);
      }
      for (int j = 0; j < width; j++) {
        if (!Float.isFinite(s.features()[j])) {
          throw new IllegalArgumentException(
              "sample "
                  + i
                  + " (clip "
                  + s.clipId()
                  + ") has "
                  + s.features()[j]
                  + " in feature '"
                  + featureNames.get(j)
                  + "'");
        }
      }
      String previous = labelOfClip.putIfAbsent(s.clipId(), s.label());
      if (previous != null && !previous.equals(s.label())) {
        throw new IllegalArgumentException(
            "clip " + s.clipId() + " is labelled both '" + previous + "' and '" + s.label() + "'");
      }
      features[i] = s.features();
      y[i] = classes.indexOf(s.label());
      clipIds[i] = s.clipId();
    }
    TrainingData data = new TrainingData(classes, features, y, clipIds, featureNames);
    int[] clips = GroupSplits.clipsPerClass(data.allRows(), clipIds, y, classes.size());
    for (int c = 0; c < clips.length; c++) {
      if (clips[c] < 2) {
        throw new IllegalArgumentException(
            "class '"
                + classes.get(c)
                + "' has "
                + clips[c]
                + " distinct clip(s); every class needs at least 2 so that one can be held out");
      }
    }
    return data;
  }

  int numClasses() {
    return classes.size();
  }

  int[] allRows() {
    int[] rows = new int[y.length];
    Arrays.setAll(rows, i -> i);
    return rows;
  }

  int[] labels(int[] rows) {
    return Arrays.stream(rows).map(r -> y[r]).toArray();
  }

  int[] countsPerClass(int[] rows) {
    int[] counts = new int[numClasses()];
    for (int r : rows) {
      counts[y[r]]++;
    }
    return counts;
  }

  /** Dense matrix of {@code rows} with labels and, when given, per-class sample weights. */
  DMatrix matrix(int[] rows, double[] classWeights) throws XGBoostError {
    DMatrix m = denseMatrix(rows, features, numFeatures);
    float[] labels = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      labels[i] = y[rows[i]];
    }
    m.setLabel(labels);
    if (classWeights != null) {
      float[] weights = new float[rows.length];
      for (int i = 0; i < rows.length; i++) {
        weights[i] = (float) classWeights[y[rows[i]]];
      }
      m.setWeight(weights);
    }
    return m;
  }

  static DMatrix denseMatrix(int[] rows, float[][] features, int width) throws XGBoostError {
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(features[rows[i]], 0, flat, i * width, width);
    }
    return new DMatrix(flat, rows.length, width, Float.NaN);
  }
}
