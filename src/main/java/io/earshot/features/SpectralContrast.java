package io.earshot.features;

/**
 * Spectral contrast in octave bands, following librosa's {@code feature.spectral_contrast}: bands
 * [0, f), [f, 2f), ... for {@code bands} octaves above {@code minHz}, plus one residual band up to
 * Nyquist. Per band, peak and valley are the means of the top and bottom {@code quantile} fraction
 * of magnitudes; the contrast is their ratio in decibels.
 *
 * <p>Only a handful of extremes are needed per band, so they are kept in two tiny heaps instead of
 * sorting the band: one pass, no allocation.
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
      int first = start[k];
      // seed both heaps with the band's first n values
      for (int i = 0; i < n; i++) {
        lowest[i] = magnitude[first + i];
        highest[i] = -magnitude[first + i];
      }
      heapify(lowest, n);
      heapify(highest, n);
      for (int b = first + n; b < end[k]; b++) {
        float v = magnitude[b];
        if (v < lowest[0]) {
          replaceTop(lowest, n, v);
        }
        if (-v < highest[0]) {
          replaceTop(highest, n, -v);
        }
      }
      float valley = 0;
      float peak = 0;
      for (int i = 0; i < n; i++) {
        valley += lowest[i];
        peak -= highest[i];
      }
      valley = Math.max(AMIN, valley / n);
      peak = Math.max(AMIN, peak / n);
      out[offset + k] = 10 * (FastLog.log10(peak) - FastLog.log10(valley));
    }
  }

  /**
   * Max-heaps of the n smallest values seen (the largest peak sits at the root and is the one to
   * evict); the largest values are kept negated in the same kind of heap. A spectrum falling with
   * frequency makes nearly every bin a new minimum, so eviction must be O(log n), not O(n).
   */
  private static void heapify(float[] heap, int n) {
    for (int i = n / 2 - 1; i >= 0; i--) {
      siftDown(heap, n, i, heap[i]);
    }
  }

  private static void replaceTop(float[] heap, int n, float v) {
    siftDown(heap, n, 0, v);
  }

  private static void siftDown(float[] heap, int n, int i, float v) {
    while (true) {
      int child = 2 * i + 1;
      if (child >= n) {
        break;
      }
      if (child + 1 < n && heap[child + 1] > heap[child]) {
        child++;
      }
      if (heap[child] <= v) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = v;
  }
}
