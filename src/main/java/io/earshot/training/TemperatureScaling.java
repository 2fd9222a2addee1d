package io.earshot.training;

import io.earshot.model.Margins;

/**
 * Fits the temperature T that minimises the log loss of softmax(margin / T) on held-out margins.
 * The loss is convex in 1/T, so a golden-section search over 1/T finds the optimum. T is kept in
 * [0.5, 20]: on perfectly separated calibration data the loss keeps falling as T goes to 0, and
 * following it would make the model wildly overconfident on its first mistake.
 */
final class TemperatureScaling {

  static final double MIN_INVERSE = 0.05;
  static final double MAX_INVERSE = 2;

  private TemperatureScaling() {}

  static double fit(float[][] margins, int[] y, int numClasses) {
    double lo = MIN_INVERSE;
    double hi = MAX_INVERSE;
    double ratio = (Math.sqrt(5) - 1) / 2;
    double a = hi - ratio * (hi - lo);
    double b = lo + ratio * (hi - lo);
    double fa = logLoss(margins, y, numClasses, 1 / a);
    double fb = logLoss(margins, y, numClasses, 1 / b);
    for (int i = 0; i < 80 && hi - lo > 1e-6; i++) {
      if (fa < fb) {
        hi = b;
        b = a;
        fb = fa;
        a = hi - ratio * (hi - lo);
        fa = logLoss(margins, y, numClasses, 1 / a);
      } else {
        lo = a;
        a = b;
        fa = fb;
        b = lo + ratio * (hi - lo);
        fb = logLoss(margins, y, numClasses, 1 / b);
      }
    }
    return 2 / (lo + hi);
  }

  static double logLoss(float[][] margins, int[] y, int numClasses, double temperature) {
    double sum = 0;
    for (int i = 0; i < margins.length; i++) {
      double p = Margins.toProbabilities(margins[i], numClasses, temperature)[y[i]];
      sum -= Math.log(Math.max(p, 1e-15));
    }
    return sum / margins.length;
  }
}
