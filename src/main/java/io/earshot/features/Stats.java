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

  /** Mean absolute difference between consecutive values: how much the series moves per frame. */
  static float meanAbsChange(float[] a, int n) {
    double sum = 0;
    for (int i = 1; i < n; i++) {
      sum += Math.abs(a[i] - a[i - 1]);
    }
    return n < 2 ? 0 : (float) (sum / (n - 1));
  }

  /**
   * {@link #meanAbsChange} of column {@code c} of a row-major matrix with {@code width} columns.
   */
  static float columnMeanAbsChange(float[] m, int rows, int width, int c) {
    double sum = 0;
    for (int r = 1; r < rows; r++) {
      sum += Math.abs(m[r * width + c] - m[(r - 1) * width + c]);
    }
    return rows < 2 ? 0 : (float) (sum / (rows - 1));
  }

  /**
   * Population skewness, the third central moment over the cubed standard deviation; 0 for a
   * constant series, whose skew is undefined (silence must give a number, not NaN).
   */
  static float skew(float[] a, int n) {
    if (n < 2) {
      return 0;
    }
    double mean = mean(a, n);
    double m2 = 0;
    double m3 = 0;
    for (int i = 0; i < n; i++) {
      double d = a[i] - mean;
      m2 += d * d;
      m3 += d * d * d;
    }
    m2 /= n;
    m3 /= n;
    // a spread this small against the mean is float rounding, not a shape
    if (m2 <= 1e-12 * Math.max(1e-30, mean * mean)) {
      return 0;
    }
    return (float) (m3 / Math.pow(m2, 1.5));
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
