package io.earshot.features;

import java.util.Arrays;

/**
 * Spectral contrast in octave bands, following librosa's {@code feature.spectral_contrast}: bands
 * [0, f), [f, 2f), ... for {@code bands} octaves above {@code minHz}, plus one residual band up to
 * Nyquist. Per band, peak and valley are the means of the top and bottom {@code quantile} fraction
 * of magnitudes; the contrast is their ratio in decibels.
 *
 * <p>Only a handful of extremes are needed per band (one in the three lowest bands, at most nine),
 * so the band is never sorted: a branch-free pass a side keeps the bins near the previous frame's
 * extremes, and a branch-free insertion picks from those. No allocation.
 */
final class SpectralContrast {

  private static final float AMIN = 1e-10f;

  /**
   * How far past the previous frame's n-th smallest a bin may lie and still be a candidate: a
   * factor of 1.5 in magnitude (3.5 dB). A wider margin keeps more candidates to sort in, a
   * narrower one misses more often (then a second pass runs). Over the reference clips, in the top
   * band, 1.5 keeps about 21 candidates and misses 2-10 % of frames; 1.25 misses 15-30 %.
   */
  private static final float LOW_MARGIN = 1.5f;

  /**
   * The same for the n-th largest. The top of a spectrum is steeper than its floor: 1.5 would keep
   * about 77 candidates in the top band, 1.25 keeps about 36 and still misses under 2 % of noise
   * frames.
   */
  private static final float HIGH_MARGIN = 1.25f;

  private final int[] start;
  private final int[] end;
  private final int[] extremes;
  private final int maxExtremes;
  private final int widest;

  SpectralContrast(int fftSize, int sampleRate, double minHz, int octaveBands, double quantile) {
    int bins = fftSize / 2 + 1;
    int bandCount = octaveBands + 1;
    start = new int[bandCount];
    end = new int[bandCount];
    extremes = new int[bandCount];
    double low = 0;
    double high = minHz;
    int most = 1;
    int wide = 1;
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
      wide = Math.max(wide, end[k] - start[k]);
      low = high;
      high = high * 2;
    }
    maxExtremes = most;
    widest = wide;
  }

  int bands() {
    return start.length;
  }

  /** Scratch needed by {@link #apply}: an array of this length, all zeros to begin with. */
  int scratchSize() {
    return 2 * start.length + 2 * widest + 2 * maxExtremes;
  }

  /**
   * Writes one contrast value (dB) per band into {@code out[offset..]}. {@code scratch} carries,
   * from one call to the next, a guess at each band's extremes (see {@link #smallest}); the values
   * written never depend on it.
   */
  void apply(float[] magnitude, float[] out, int offset, int[] scratch) {
    apply(magnitude, out, offset, scratch, 0f);
  }

  /**
   * {@link #apply(float[], float[], int, int[])} with every magnitude under {@code floor} taken as
   * {@code floor} (0: none): a valley can then lie no deeper than the floor.
   *
   * <p>Magnitudes are never negative, and the bit patterns of non-negative floats order as the
   * floats do, so the candidates are kept and selected as those bits: an int comparison, minimum or
   * maximum is one instruction, a float one (with Java's rules for NaN and -0) several.
   */
  void apply(float[] magnitude, float[] out, int offset, int[] scratch, float floor) {
    int bands = start.length;
    int lowCandidates = 2 * bands;
    int highCandidates = lowCandidates + widest;
    int kept = highCandidates + widest;
    for (int k = 0; k < bands; k++) {
      int n = extremes[k];
      int first = start[k];
      int last = end[k];
      float valley;
      float peak;
      if (n == 1) {
        valley = Math.max(least(magnitude, first, last), floor);
        peak = Math.max(most(magnitude, first, last), floor);
      } else {
        int low = candidates(magnitude, first, last, scratch[k], false, scratch, lowCandidates, n);
        valley = smallest(scratch, lowCandidates, low, n, kept, floor) / n;
        scratch[k] = bits(LOW_MARGIN * Float.intBitsToFloat(scratch[kept + n - 1]));
        int high =
            candidates(
                magnitude, first, last, scratch[bands + k], true, scratch, highCandidates, n);
        peak = largest(scratch, highCandidates, high, n, kept, floor) / n;
        scratch[bands + k] = bits(Float.intBitsToFloat(scratch[kept + n - 1]) / HIGH_MARGIN);
      }
      valley = Math.max(AMIN, valley);
      peak = Math.max(AMIN, peak);
      out[offset + k] = 10 * (FastLog.log10(peak) - FastLog.log10(valley));
    }
  }

  private static int bits(float value) {
    return Float.floatToRawIntBits(value);
  }

  /**
   * 1 when {@code a <= b}, else 0, for the bits of floats that are not negative. Computed without a
   * branch: a comparison compiled to a branch mispredicted on about one bin in ten, and the pass
   * cost 3-4 ns a bin instead of 1.3.
   */
  private static int atMost(int a, int b) {
    return (int) (((long) b - a) >>> 63) ^ 1;
  }

  /**
   * Keeps, in one branch-free pass, the bits of the band's bins at most the guess (on the high side
   * at least it) in {@code scratch[into..]}; when fewer than n pass, a guess four times looser (a
   * quarter, on the high side), and when that too keeps fewer, every bin of the band. Returns how
   * many were kept.
   *
   * <p>The loops are here, not in {@link #apply}: a loop of a thousand bins there had the JIT
   * compile all of {@code apply} on the stack after 40 frames and again after 600 (0.3-0.6 s of a
   * one-core CLI run); called, they are compiled on their own and {@code apply} once.
   */
  private static int candidates(
      float[] magnitude,
      int first,
      int last,
      int guess,
      boolean high,
      int[] scratch,
      int into,
      int n) {
    int count = pass(magnitude, first, last, guess, high, scratch, into);
    if (count < n) {
      float loose = high ? Float.intBitsToFloat(guess) / 4 : Float.intBitsToFloat(guess) * 4;
      count = pass(magnitude, first, last, bits(loose), high, scratch, into);
    }
    if (count < n) {
      for (int b = first; b < last; b++) {
        scratch[into + b - first] = bits(magnitude[b]);
      }
      count = last - first;
    }
    return count;
  }

  /** The bits of the bins at most {@code limit} (at least it, if high) into scratch; how many. */
  private static int pass(
      float[] magnitude, int first, int last, int limit, boolean high, int[] scratch, int into) {
    int count = 0;
    for (int b = first; b < last; b++) {
      int v = bits(magnitude[b]);
      scratch[into + count] = v;
      count += high ? atMost(limit, v) : atMost(v, limit);
    }
    return count;
  }

  /** The smallest magnitude of bins [first, last). */
  private static float least(float[] magnitude, int first, int last) {
    float least = magnitude[first];
    for (int b = first + 1; b < last; b++) {
      least = Math.min(least, magnitude[b]);
    }
    return least;
  }

  /** The largest magnitude of bins [first, last). */
  private static float most(float[] magnitude, int first, int last) {
    float most = magnitude[first];
    for (int b = first + 1; b < last; b++) {
      most = Math.max(most, magnitude[b]);
    }
    return most;
  }

  /**
   * The sum of the n smallest of {@code scratch[from..from + count)} (float bits), each at least
   * {@code floor} and added in ascending order, and those n (unfloored) in ascending order at
   * {@code scratch[kept..kept + n)}.
   *
   * <p>The candidates come from the previous frame: its n-th smallest value, with a margin, bounds
   * the candidates kept on this frame's one pass. When at least n bins pass, the n smallest of the
   * band are all among them (the n-th smallest is then at most the bound), so the selection is
   * exact whatever the guess; when fewer pass, the whole band is taken. The sorted sum makes the
   * value independent of the order the candidates came in, so a frame gives the same bits whatever
   * frame came before it (windows of a recording are bit for bit their own clips, {@code
   * WindowFeaturesTest}).
   *
   * <p>Each candidate goes into the sorted list without a branch: entry i becomes the i-th smallest
   * of the list and the candidate, {@code max(list[i - 1], min(v, list[i]))}, and the largest drops
   * out. A heap did less arithmetic but mispredicted a branch at every level of every sift; it made
   * contrast as costly as the FFT (issue 16).
   */
  private static float smallest(int[] scratch, int from, int count, int n, int kept, float floor) {
    int last = kept + n - 1;
    Arrays.fill(scratch, kept, last + 1, Integer.MAX_VALUE);
    for (int c = from; c < from + count; c++) {
      int v = scratch[c];
      for (int i = last; i > kept; i--) {
        scratch[i] = Math.max(scratch[i - 1], Math.min(v, scratch[i]));
      }
      scratch[kept] = Math.min(v, scratch[kept]);
    }
    return floorAndSum(scratch, kept, last, floor);
  }

  /**
   * The same for the n largest, kept in descending order and added in that order: the sum the
   * smallest of the negated magnitudes gave before, bit for bit (negation is exact, and rounding to
   * nearest is symmetric about zero).
   */
  private static float largest(int[] scratch, int from, int count, int n, int kept, float floor) {
    int last = kept + n - 1;
    Arrays.fill(scratch, kept, last + 1, Integer.MIN_VALUE);
    for (int c = from; c < from + count; c++) {
      int v = scratch[c];
      for (int i = last; i > kept; i--) {
        scratch[i] = Math.min(scratch[i - 1], Math.max(v, scratch[i]));
      }
      scratch[kept] = Math.max(v, scratch[kept]);
    }
    return floorAndSum(scratch, kept, last, floor);
  }

  private static float floorAndSum(int[] scratch, int from, int to, float floor) {
    float sum = 0;
    for (int i = from; i <= to; i++) {
      sum += Math.max(Float.intBitsToFloat(scratch[i]), floor);
    }
    return sum;
  }
}
