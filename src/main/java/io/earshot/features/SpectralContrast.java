package io.earshot.features;

/**
 * Spectral contrast in octave bands, following librosa's {@code feature.spectral_contrast}: bands
 * [0, f), [f, 2f), ... for {@code bands} octaves above {@code minHz}, plus one residual band up to
 * Nyquist. Per band, peak and valley are the means of the top and bottom {@code quantile} fraction
 * of magnitudes; the contrast is their ratio in decibels.
 *
 * <p>Only a handful of extremes are needed per band, so they are kept in two tiny insertion-sorted
 * arrays instead of sorting the band: one pass, no allocation.
 */
final class SpectralContrast {

  private static final float AMIN = 1e-10f;

  private final int[] start;
  private final int[] end;
  private final int[] extremes;
  private final int maxExtremes;

  SpectralContrast(int fftSize, int sampleRate, double minHz, int octaveBands, double quantile) {
    int bins = fftSize / 2 + 1;
    int bandCount = octaveBands + 1;
    start = new int[bandCount];
    end = new int[bandCount];
    extremes = new int[bandCount];
    double low = 0;
    double high = minHz;
    int most = 1;
    for (int k = 0; k < bandCount; k++) {
      int first = -1;
      int last = -1;
      for (int b = 0; b < bins; b++) {
        double f = (double) b * sampleRate / fftSize;
        if (f >= low && f <= high) {
          if (first < 0) {
            first = b;
          }
          last = b;
        }
      }
      if (first < 0) {
        throw new IllegalArgumentException("contrast band " + k + " is empty at this FFT size");
      }
      if (k > 0) {
        first -= 1;
      }
      if (k == octaveBands) {
        last = bins - 1;
      }
      int selected = last - first + 1;
      extremes[k] = (int) Math.max(1, Math.rint(quantile * selected));
      start[k] = first;
      // all bands but the last drop their top bin, which the next band owns
      end[k] = k < octaveBands ? last : last + 1;
      most = Math.max(most, extremes[k]);
      low = high;
      high = high * 2;
    }
    maxExtremes = most;
  }

  int bands() {
    return start.length;
  }

  /** Scratch needed by {@link #apply}: two arrays of this length. */
  int scratchSize() {
    return maxExtremes;
  }

  /** Writes one contrast value (dB) per band into {@code out[offset..]}. */
  void apply(float[] magnitude, float[] out, int offset, float[] lowest, float[] highest) {
    for (int k = 0; k < start.length; k++) {
      int n = extremes[k];
      int filled = 0;
      for (int b = start[k]; b < end[k]; b++) {
        float v = magnitude[b];
        if (filled < n) {
          insertAscending(lowest, filled, v);
          insertAscending(highest, filled, v);
          filled++;
          continue;
        }
        if (v < lowest[n - 1]) {
          insertAscending(lowest, n - 1, v);
        }
        if (v > highest[0]) {
          // drop the smallest of the kept largest values, then insert
          System.arraycopy(highest, 1, highest, 0, n - 1);
          insertAscending(highest, n - 1, v);
        }
      }
      float valley = 0;
      float peak = 0;
      for (int i = 0; i < filled; i++) {
        valley += lowest[i];
        peak += highest[i];
      }
      valley = Math.max(AMIN, valley / filled);
      peak = Math.max(AMIN, peak / filled);
      out[offset + k] = 10 * (FastLog.log10(peak) - FastLog.log10(valley));
    }
  }

  /** Inserts v into sorted a[0..count) giving sorted a[0..count]. */
  private static void insertAscending(float[] a, int count, float v) {
    int i = count;
    while (i > 0 && a[i - 1] > v) {
      a[i] = a[i - 1];
      i--;
    }
    a[i] = v;
  }
}
