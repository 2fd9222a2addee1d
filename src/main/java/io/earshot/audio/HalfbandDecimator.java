package io.earshot.audio;

/**
 * Halves the sample rate with a Kaiser-windowed half-band low-pass: the common 44.1 kHz to 22.05
 * kHz case, at about a fifth of the general resampler's cost.
 *
 * <p>The 2:1 ratio puts every output sample exactly on an input sample (one phase, no position
 * arithmetic), and a half-band kernel is zero at every even offset except the centre, so each
 * output needs the centre tap plus {@value #SIDE_TAPS} symmetric pairs of odd-offset inputs.
 * Measured response at 44.1 kHz: flat within 0.003 dB up to 10 kHz, at least 70 dB down from 12 kHz
 * (whose alias would land at 10.05 kHz) to Nyquist; 11.025 kHz, the band edge, is at -6 dB. The
 * analysis features look below about 10 kHz, where this is indistinguishable from the longer
 * general kernel.
 */
final class HalfbandDecimator {

  /** Non-zero taps on each side of the centre, at offsets 1, 3, ..., 2 * SIDE_TAPS - 1. */
  static final int SIDE_TAPS = 26;

  /** Kaiser shape: trades the 10-12 kHz transition against stop-band depth. */
  private static final double KAISER_BETA = 7.0;

  private static final float CENTRE = 0.5f;

  /** SIDE[j] weighs the inputs at offsets ±(2j + 1); the sides sum to 0.5, for unity DC gain. */
  private static final float[] SIDE = design();

  private HalfbandDecimator() {}

  /** Outputs per block of the vectorised pass: the block's inputs and sums stay in L1 cache. */
  private static final int BLOCK = 1024;

  /**
   * Output n sits at input 2n, the same alignment as {@link Resampler}'s general path; samples
   * beyond either end count as silence. The result has in.length / 2 samples.
   */
  static float[] halve(float[] in) {
    int outLength = in.length / 2;
    float[] out = new float[outLength];
    // Outputs whose whole kernel lies inside the input take the unchecked pass.
    int firstInside = SIDE_TAPS;
    int endInside = Math.max(firstInside, in.length / 2 - SIDE_TAPS + 1);
    endInside = Math.min(endInside, outLength);
    for (int n = 0; n < Math.min(firstInside, outLength); n++) {
      out[n] = atEdge(in, 2 * n);
    }
    for (int n = endInside; n < outLength; n++) {
      out[n] = atEdge(in, 2 * n);
    }
    filterInside(in, 2 * firstInside, out, firstInside, endInside - firstInside);
    return out;
  }

  /**
   * {@code count} outputs centred on {@code in[firstCentre]}, {@code in[firstCentre + 2]}, ... into
   * {@code out} from {@code outOffset}, every tap inside {@code in}: the same sums, in the same
   * order, as {@link #atEdge} makes with silence beyond the ends, so a stream whose input is padded
   * with zeros there gets exactly what {@link #halve} gives for the whole signal.
   */
  static void filterInside(float[] in, int firstCentre, float[] out, int outOffset, int count) {
    Block block = new Block();
    for (int done = 0; done < count; done += BLOCK) {
      block.filter(
          in, firstCentre + 2 * done, out, outOffset + done, Math.min(count - done, BLOCK));
    }
  }

  /**
   * One block's scratch and passes. Each pass is a method of its own, called many times a clip:
   * HotSpot then compiles each once, where one method holding every loop was compiled on the stack
   * (twice) and again whole.
   */
  private static final class Block {
    // odd[m] = in[reach + 2m] (the inputs between centres), so output i needs odd[i + S - 1 - j]
    // and odd[i + S + j] for tap j: unit-stride runs, where the interleaved form would not be.
    private final float[] odd = new float[BLOCK + 2 * SIDE_TAPS];
    private final float[] before = new float[BLOCK];
    private final float[] after = new float[BLOCK];
    private final float[] sum = new float[BLOCK];

    /** {@code length} outputs centred on in[centre], in[centre + 2], ... into out[at..]. */
    void filter(float[] in, int centre, float[] out, int at, int length) {
      gatherOdd(in, centre - (2 * SIDE_TAPS - 1), length + 2 * SIDE_TAPS - 1);
      centreTerms(in, centre, length);
      // The JIT vectorises a loop only when every array in it is read at the loop index itself,
      // so each tap's two shifted runs are first copied (System.arraycopy, itself vectorised) into
      // blocks indexed like the output.
      for (int j = 0; j < SIDE_TAPS; j++) {
        System.arraycopy(odd, SIDE_TAPS - 1 - j, before, 0, length);
        System.arraycopy(odd, SIDE_TAPS + j, after, 0, length);
        addTap(SIDE[j], length);
      }
      System.arraycopy(sum, 0, out, at, length);
    }

    private void gatherOdd(float[] in, int reach, int count) {
      for (int m = 0; m < count; m++) {
        odd[m] = in[reach + 2 * m];
      }
    }

    private void centreTerms(float[] in, int centre, int length) {
      for (int i = 0; i < length; i++) {
        sum[i] = CENTRE * in[centre + 2 * i];
      }
    }

    private void addTap(float tap, int length) {
      for (int i = 0; i < length; i++) {
        sum[i] += tap * (before[i] + after[i]);
      }
    }
  }

  private static float atEdge(float[] in, int centre) {
    float sum = CENTRE * in[centre];
    for (int j = 0; j < SIDE_TAPS; j++) {
      int k = 2 * j + 1;
      float before = centre - k >= 0 ? in[centre - k] : 0;
      float after = centre + k < in.length ? in[centre + k] : 0;
      sum += SIDE[j] * (before + after);
    }
    return sum;
  }

  private static float[] design() {
    double halfWidth = 2.0 * SIDE_TAPS; // the window reaches zero just past the last tap
    double[] taps = new double[SIDE_TAPS];
    double sum = 0;
    for (int j = 0; j < SIDE_TAPS; j++) {
      int k = 2 * j + 1;
      double x = k / halfWidth;
      double window =
          Resampler.besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / Resampler.besselI0(KAISER_BETA);
      double halfPi = Math.PI * k / 2;
      taps[j] = 0.5 * Math.sin(halfPi) / halfPi * window;
      sum += taps[j];
    }
    float[] side = new float[SIDE_TAPS];
    for (int j = 0; j < SIDE_TAPS; j++) {
      side[j] = (float) (taps[j] * 0.25 / sum);
    }
    return side;
  }
}
