package io.earshot.training;

/** Balanced sample weights: each class contributes the same total weight to the loss. */
final class ClassWeights {

  static final double IMBALANCE_RATIO = 1.5;

  private ClassWeights() {}

  /** Weight per class, or null when every sample should weigh 1. */
  static double[] of(int[] countsPerClass, ClassWeighting mode) {
    int min = Integer.MAX_VALUE;
    int max = 0;
    int total = 0;
    for (int c : countsPerClass) {
      min = Math.min(min, c);
      max = Math.max(max, c);
      total += c;
    }
    boolean unbalanced = min == 0 || max > IMBALANCE_RATIO * min;
    if (mode == ClassWeighting.NONE || (mode == ClassWeighting.AUTO && !unbalanced)) {
      return null;
    }
    double[] weights = new double[countsPerClass.length];
    for (int c = 0; c < weights.length; c++) {
      weights[c] =
          countsPerClass[c] == 0 ? 0 : (double) total / (countsPerClass.length * countsPerClass[c]);
    }
    return weights;
  }
}
