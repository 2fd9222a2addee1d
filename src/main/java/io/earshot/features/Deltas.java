package io.earshot.features;

/**
 * First-order deltas by linear regression over 2N+1 frames (N = 4 gives librosa's width 9): d[t] =
 * sum_{n=1..N} n (c[t+n] - c[t-n]) / (2 sum n^2), indices clamped at the clip's edges.
 */
final class Deltas {

  private Deltas() {}

  static void compute(float[] in, float[] out, int frames, int width, int halfWidth) {
    float denominator = 0;
    for (int n = 1; n <= halfWidth; n++) {
      denominator += 2 * n * n;
    }
    float scale = 1 / denominator;
    int last = frames - 1;
    for (int t = 0; t < frames; t++) {
      int row = t * width;
      for (int c = 0; c < width; c++) {
        out[row + c] = 0;
      }
      for (int n = 1; n <= halfWidth; n++) {
        int ahead = Math.min(last, t + n) * width;
        int behind = Math.max(0, t - n) * width;
        for (int c = 0; c < width; c++) {
          out[row + c] += n * (in[ahead + c] - in[behind + c]);
        }
      }
      for (int c = 0; c < width; c++) {
        out[row + c] *= scale;
      }
    }
  }
}
