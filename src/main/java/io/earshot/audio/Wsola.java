package io.earshot.audio;

/**
 * Time stretching without changing pitch by waveform-similarity overlap-add (WSOLA): output frames
 * advance by a fixed hop while input frames advance by hop / factor, each input frame shifted
 * within a small window to the position most similar to the natural continuation of the previous
 * one, so that the overlapped waveforms stay in phase.
 */
final class Wsola {

  private static final int FRAME = 1024; // about 46 ms at 22050 Hz
  private static final int HOP = FRAME / 2;
  private static final int TOLERANCE = 256; // search window, +/- samples
  private static final int COARSE_STEP = 4;

  private Wsola() {}

  /** Returns about {@code factor * in.length} samples with the same pitch as {@code in}. */
  static float[] stretch(float[] in, double factor) {
    int outLength = (int) Math.round(in.length * factor);
    if (in.length < 2 * FRAME) {
      return java.util.Arrays.copyOf(in, outLength); // too short to splice: cut or pad instead
    }
    float[] window = hann(FRAME);
    double[] out = new double[outLength + FRAME];
    double[] weight = new double[outLength + FRAME];
    int lastStart = in.length - FRAME;
    int previous = 0;
    for (int k = 0; (long) k * HOP < outLength; k++) {
      int nominal = (int) Math.min(lastStart, Math.round(k * HOP / factor));
      int chosen =
          k == 0 ? 0 : mostSimilar(in, Math.min(previous + HOP, lastStart), nominal, lastStart);
      int at = k * HOP;
      for (int j = 0; j < FRAME; j++) {
        out[at + j] += in[chosen + j] * window[j];
        weight[at + j] += window[j];
      }
      previous = chosen;
    }
    float[] result = new float[outLength];
    for (int i = 0; i < outLength; i++) {
      result[i] = weight[i] > 1e-3 ? (float) (out[i] / weight[i]) : 0f;
    }
    return result;
  }

  /**
   * The start near {@code nominal} whose first overlap region best matches (normalised
   * cross-correlation) the region starting at {@code template}.
   */
  private static int mostSimilar(float[] in, int template, int nominal, int lastStart) {
    int low = Math.max(0, nominal - TOLERANCE);
    int high = Math.min(lastStart, nominal + TOLERANCE);
    int best = search(in, template, low, high, COARSE_STEP, nominal);
    return search(
        in,
        template,
        Math.max(low, best - COARSE_STEP + 1),
        Math.min(high, best + COARSE_STEP - 1),
        1,
        best);
  }

  private static int search(float[] in, int template, int low, int high, int step, int fallback) {
    int best = fallback;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int candidate = low; candidate <= high; candidate += step) {
      double dot = 0;
      double energy = 1e-9;
      for (int j = 0; j < HOP; j++) {
        float v = in[candidate + j];
        dot += v * in[template + j];
        energy += v * v;
      }
      double score = dot / Math.sqrt(energy);
      if (score > bestScore) {
        bestScore = score;
        best = candidate;
      }
    }
    return best;
  }

  /** Periodic Hann window: copies half a frame apart sum to exactly one. */
  private static float[] hann(int n) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
    }
    return w;
  }
}
