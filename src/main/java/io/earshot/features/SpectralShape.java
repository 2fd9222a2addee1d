package io.earshot.features;

import static io.earshot.features.AnalysisParameters.BINS;
import static io.earshot.features.AnalysisParameters.FRAME;
import static io.earshot.features.AnalysisParameters.LOG_FLOOR;
import static io.earshot.features.AnalysisParameters.SAMPLE_RATE;

/**
 * The shape of one frame's spectrum: centroid, bandwidth and roll-off from the magnitudes, flatness
 * from the power. Immutable (the bin frequencies); safe to share between threads.
 */
final class SpectralShape {

  /** Bins summed at a time on the way to the roll-off bin. */
  private static final int ROLLOFF_BLOCK = 16;

  private final float[] binHz = new float[BINS];

  SpectralShape() {
    for (int k = 0; k < BINS; k++) {
      binHz[k] = (float) k * SAMPLE_RATE / FRAME;
    }
  }

  /**
   * Centroid, bandwidth, roll-off (from magnitudes) and flatness (from power) of frame t. Bins
   * under {@code floorRatio} times the frame's peak power count as that floor for flatness (0:
   * none); returns the floor, in power, that the frame's contrast uses too.
   */
  float apply(Workspace ws, int t, float floorRatio) {
    float[] power = ws.power;
    float[] magnitude = ws.magnitude;
    float peak = 0;
    for (int k = 0; k < BINS; k++) {
      magnitude[k] = (float) Math.sqrt(power[k]);
      peak = Math.max(peak, power[k]);
    }
    // Four lanes per sum: one chain of 1025 dependent double additions waits on each one's
    // latency, four independent chains overlap. (The cumulative sum for the roll-off used to be
    // built in the same chain; it is now taken only up to the roll-off bin, below.)
    float[] hz = binHz;
    double sum0 = 0;
    double sum1 = 0;
    double sum2 = 0;
    double sum3 = 0;
    double weighted0 = 0;
    double weighted1 = 0;
    double weighted2 = 0;
    double weighted3 = 0;
    double squares0 = 0;
    double squares1 = 0;
    double squares2 = 0;
    double squares3 = 0;
    int k = 0;
    for (; k + 4 <= BINS; k += 4) {
      float m0 = magnitude[k];
      float m1 = magnitude[k + 1];
      float m2 = magnitude[k + 2];
      float m3 = magnitude[k + 3];
      float mf0 = m0 * hz[k];
      float mf1 = m1 * hz[k + 1];
      float mf2 = m2 * hz[k + 2];
      float mf3 = m3 * hz[k + 3];
      sum0 += m0;
      sum1 += m1;
      sum2 += m2;
      sum3 += m3;
      weighted0 += mf0;
      weighted1 += mf1;
      weighted2 += mf2;
      weighted3 += mf3;
      squares0 += mf0 * hz[k];
      squares1 += mf1 * hz[k + 1];
      squares2 += mf2 * hz[k + 2];
      squares3 += mf3 * hz[k + 3];
    }
    for (; k < BINS; k++) {
      float mf = magnitude[k] * hz[k];
      sum0 += magnitude[k];
      weighted0 += mf;
      squares0 += mf * hz[k];
    }
    double sum = (sum0 + sum1) + (sum2 + sum3);
    double weighted = (weighted0 + weighted1) + (weighted2 + weighted3);
    double weightedSquares = (squares0 + squares1) + (squares2 + squares3);
    if (sum > 0) {
      double centroid = weighted / sum;
      double variance = Math.max(0, weightedSquares / sum - centroid * centroid);
      ws.centroid[t] = (float) centroid;
      ws.bandwidth[t] = (float) Math.sqrt(variance);
      ws.rolloff[t] = rolloff(magnitude, (float) (sum * AnalysisParameters.ROLLOFF));
    } else {
      ws.centroid[t] = 0;
      ws.bandwidth[t] = 0;
      ws.rolloff[t] = 0;
    }
    float floor = floorRatio > 0 ? Math.max(LOG_FLOOR, peak * floorRatio) : LOG_FLOOR;
    ws.flatness[t] = flatness(power, floor);
    return floor;
  }

  /**
   * Geometric over arithmetic mean of the floored power spectrum. The geometric mean needs the sum
   * of logarithms; it is taken as the sum of the float exponents plus the log of the product of the
   * mantissas (each in [1, 2)), which costs one multiply per bin instead of one logarithm. Sums and
   * products run in four interleaved lanes: one long chain of dependent additions would wait on
   * each one's latency, four independent chains overlap. A lane multiplies at most 257 mantissas,
   * so its product stays below 2^257, far inside the range of a double.
   */
  static float flatness(float[] power) {
    return flatness(power, LOG_FLOOR);
  }

  /** {@link #flatness(float[])} of the power spectrum floored at {@code floor}. */
  static float flatness(float[] power, float floor) {
    double arithmetic0 = 0;
    double arithmetic1 = 0;
    double arithmetic2 = 0;
    double arithmetic3 = 0;
    double mantissas0 = 1;
    double mantissas1 = 1;
    double mantissas2 = 1;
    double mantissas3 = 1;
    long exponents = 0;
    int k = 0;
    for (; k + 4 <= BINS; k += 4) {
      float p0 = Math.max(power[k], floor);
      float p1 = Math.max(power[k + 1], floor);
      float p2 = Math.max(power[k + 2], floor);
      float p3 = Math.max(power[k + 3], floor);
      arithmetic0 += p0;
      arithmetic1 += p1;
      arithmetic2 += p2;
      arithmetic3 += p3;
      int b0 = Float.floatToRawIntBits(p0);
      int b1 = Float.floatToRawIntBits(p1);
      int b2 = Float.floatToRawIntBits(p2);
      int b3 = Float.floatToRawIntBits(p3);
      exponents += (b0 >>> 23) + (b1 >>> 23) + (b2 >>> 23) + (b3 >>> 23) - 4 * 127;
      mantissas0 *= mantissa(b0);
      mantissas1 *= mantissa(b1);
      mantissas2 *= mantissa(b2);
      mantissas3 *= mantissa(b3);
    }
    for (; k < BINS; k++) {
      float p = Math.max(power[k], floor);
      arithmetic0 += p;
      int bits = Float.floatToRawIntBits(p);
      exponents += (bits >>> 23) - 127;
      mantissas0 *= mantissa(bits);
    }
    double arithmetic = (arithmetic0 + arithmetic1) + (arithmetic2 + arithmetic3);
    // each lane's product is below 2^257, but all four together could overflow: add their logs
    double logMantissas =
        Math.log(mantissas0) + Math.log(mantissas1) + Math.log(mantissas2) + Math.log(mantissas3);
    double meanLog2 = (exponents + logMantissas / Math.log(2)) / BINS;
    double geometric = Math.pow(2, meanLog2);
    return (float) Math.min(1.0, geometric / (arithmetic / BINS));
  }

  /** The mantissa of a positive normal float's bits, as a value in [1, 2). */
  private static float mantissa(int bits) {
    return Float.intBitsToFloat((bits & 0x7fffff) | 0x3f800000);
  }

  /**
   * Frequency of the first bin whose cumulative magnitude (summed in double, compared in float)
   * reaches the threshold. The sum runs only up to that bin, and in blocks of 16, each block summed
   * bin by bin and then added to the running total; only the block that crosses is walked bin by
   * bin. Four blocks are summed side by side: each one's 16 additions are a chain that waits on its
   * own latency, and four independent chains overlap (the totals are the same, bit for bit).
   */
  private float rolloff(float[] magnitude, float threshold) {
    double cumulative = 0;
    int k = 0;
    for (; k + 4 * ROLLOFF_BLOCK <= BINS; k += 4 * ROLLOFF_BLOCK) {
      double block0 = 0;
      double block1 = 0;
      double block2 = 0;
      double block3 = 0;
      for (int i = k; i < k + ROLLOFF_BLOCK; i++) {
        block0 += magnitude[i];
        block1 += magnitude[i + ROLLOFF_BLOCK];
        block2 += magnitude[i + 2 * ROLLOFF_BLOCK];
        block3 += magnitude[i + 3 * ROLLOFF_BLOCK];
      }
      if ((float) (cumulative + block0) >= threshold) {
        return crossing(magnitude, k, cumulative, threshold);
      }
      cumulative += block0;
      if ((float) (cumulative + block1) >= threshold) {
        return crossing(magnitude, k + ROLLOFF_BLOCK, cumulative, threshold);
      }
      cumulative += block1;
      if ((float) (cumulative + block2) >= threshold) {
        return crossing(magnitude, k + 2 * ROLLOFF_BLOCK, cumulative, threshold);
      }
      cumulative += block2;
      if ((float) (cumulative + block3) >= threshold) {
        return crossing(magnitude, k + 3 * ROLLOFF_BLOCK, cumulative, threshold);
      }
      cumulative += block3;
    }
    for (; k + ROLLOFF_BLOCK <= BINS; k += ROLLOFF_BLOCK) {
      double block = 0;
      for (int i = k; i < k + ROLLOFF_BLOCK; i++) {
        block += magnitude[i];
      }
      if ((float) (cumulative + block) >= threshold) {
        break;
      }
      cumulative += block;
    }
    return crossing(magnitude, k, cumulative, threshold);
  }

  /** The bin-by-bin walk from bin k on, {@code cumulative} being the sum of the bins before it. */
  private float crossing(float[] magnitude, int k, double cumulative, float threshold) {
    for (; k < BINS - 1; k++) {
      cumulative += magnitude[k];
      if ((float) cumulative >= threshold) {
        break;
      }
    }
    return binHz[k];
  }
}
