package io.earshot.features;

import java.util.Arrays;

/** Summary statistics over the first {@code n} values of an array. */
final class Stats {

  private Stats() {}

  static float mean(float[] a, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += a[i];
    }
    return n == 0 ? 0 : (float) (sum / n);
  }

  /** Population standard deviation. */
  static float std(float[] a, int n) {
    if (n < 2) {
      return 0;
    }
    double mean = mean(a, n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = a[i] - mean;
      sum += d * d;
    }
    return (float) Math.sqrt(sum / n);
  }

  /** Mean of column {@code c} of a row-major matrix with {@code width} columns. */
  static float columnMean(float[] m, int rows, int width, int c) {
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      sum += m[r * width + c];
    }
    return rows == 0 ? 0 : (float) (sum / rows);
  }

  static float columnStd(float[] m, int rows, int width, int c) {
    if (rows < 2) {
      return 0;
    }
    double mean = columnMean(m, rows, width, c);
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      double d = m[r * width + c] - mean;
      sum += d * d;
    }
    return (float) Math.sqrt(sum / rows);
  }

  /**
   * Percentile with linear interpolation between order statistics (numpy's default). Sorts {@code
   * a[0..n)} in place.
   */
  static float percentile(float[] a, int n, double p) {
    if (n == 0) {
      return 0;
    }
    Arrays.sort(a, 0, n);
    double position = p / 100.0 * (n - 1);
    int low = (int) Math.floor(position);
    int high = Math.min(n - 1, low + 1);
    double fraction = position - low;
    return (float) (a[low] + fraction * (a[high] - a[low]));
  }
}
