package io.earshot.model;

/**
 * Turns raw booster margins into class probabilities, divided by a calibration temperature first. A
 * binary model has one margin (the logit of the second class); a multi-class model one per class.
 */
public final class Margins {

  private Margins() {}

  public static double[] toProbabilities(float[] margins, int numClasses, double temperature) {
    double[] p = new double[numClasses];
    if (numClasses == 2 && margins.length == 1) {
      double positive = 1 / (1 + Math.exp(-margins[0] / temperature));
      p[0] = 1 - positive;
      p[1] = positive;
      return p;
    }
    if (margins.length != numClasses) {
      throw new IllegalArgumentException(
          margins.length + " margins for " + numClasses + " classes");
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float m : margins) {
      max = Math.max(max, m / temperature);
    }
    double sum = 0;
    for (int c = 0; c < numClasses; c++) {
      p[c] = Math.exp(margins[c] / temperature - max); // shifted for numerical safety
      sum += p[c];
    }
    for (int c = 0; c < numClasses; c++) {
      p[c] /= sum;
    }
    return p;
  }

  public static double[][] toProbabilities(float[][] margins, int numClasses, double temperature) {
    double[][] p = new double[margins.length][];
    for (int i = 0; i < margins.length; i++) {
      p[i] = toProbabilities(margins[i], numClasses, temperature);
    }
    return p;
  }
}
