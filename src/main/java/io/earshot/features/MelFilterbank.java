package io.earshot.features;

import java.util.Arrays;

/**
 * Slaney-style mel filterbank (linear below 1 kHz, logarithmic above, triangles normalised to equal
 * area), the same construction as librosa's default {@code filters.mel(htk=False, norm="slaney")}.
 *
 * <p>Each triangle is stored as a contiguous run of weights starting at its first non-zero bin, so
 * applying the bank costs one multiply-add per non-zero weight rather than bands × bins.
 */
final class MelFilterbank {

  private static final double F_SP = 200.0 / 3;
  private static final double MIN_LOG_HZ = 1000.0;
  private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
  private static final double LOG_STEP = Math.log(6.4) / 27.0;

  private final int bands;
  private final int[] firstBin;
  private final float[][] weights;
  private final float[] centerHz;

  MelFilterbank(int bands, int fftSize, int sampleRate, double minHz, double maxHz) {
    this.bands = bands;
    int bins = fftSize / 2 + 1;
    double minMel = hzToMel(minHz);
    double maxMel = hzToMel(maxHz);
    double[] edgesHz = new double[bands + 2];
    for (int i = 0; i < edgesHz.length; i++) {
      edgesHz[i] = melToHz(minMel + (maxMel - minMel) * i / (bands + 1));
    }
    firstBin = new int[bands];
    weights = new float[bands][];
    centerHz = new float[bands];
    float[] row = new float[bins];
    for (int m = 0; m < bands; m++) {
      double lower = edgesHz[m];
      double center = edgesHz[m + 1];
      double upper = edgesHz[m + 2];
      double areaNorm = 2.0 / (upper - lower);
      int first = -1;
      int last = -1;
      for (int k = 0; k < bins; k++) {
        double f = (double) k * sampleRate / fftSize;
        double rising = (f - lower) / (center - lower);
        double falling = (upper - f) / (upper - center);
        double w = Math.max(0, Math.min(rising, falling)) * areaNorm;
        row[k] = (float) w;
        if (w > 0) {
          if (first < 0) {
            first = k;
          }
          last = k;
        }
      }
      if (first < 0) {
        firstBin[m] = 0;
        weights[m] = new float[0];
      } else {
        firstBin[m] = first;
        weights[m] = Arrays.copyOfRange(row, first, last + 1);
      }
      centerHz[m] = (float) center;
    }
  }

  static double hzToMel(double hz) {
    return hz < MIN_LOG_HZ ? hz / F_SP : MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
  }

  static double melToHz(double mel) {
    return mel < MIN_LOG_MEL ? mel * F_SP : MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
  }

  int bands() {
    return bands;
  }

  float[] centerFrequencies() {
    return centerHz.clone();
  }

  /**
   * mel[m] = sum_k weight[m][k] * power[k], each band summed in two lanes (even and odd weights):
   * the bands' additions are chains that wait on each other's latency, two chains overlap.
   */
  void apply(float[] power, float[] mel) {
    for (int m = 0; m < bands; m++) {
      float[] w = weights[m];
      int offset = firstBin[m];
      float even = 0;
      float odd = 0;
      int i = 0;
      for (; i + 2 <= w.length; i += 2) {
        even += w[i] * power[offset + i];
        odd += w[i + 1] * power[offset + i + 1];
      }
      if (i < w.length) {
        even += w[i] * power[offset + i];
      }
      mel[m] = even + odd;
    }
  }
}
