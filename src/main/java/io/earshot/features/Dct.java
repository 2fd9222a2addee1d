package io.earshot.features;

import java.util.Arrays;

/** Orthonormal DCT-II truncated to the first {@code outputs} coefficients, as a dense matrix. */
final class Dct {

  private final int inputs;
  private final int outputs;
  private final float[][] rows;

  Dct(int inputs, int outputs) {
    this.inputs = inputs;
    this.outputs = outputs;
    rows = new float[inputs][outputs];
    for (int k = 0; k < outputs; k++) {
      double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / inputs);
      for (int m = 0; m < inputs; m++) {
        rows[m][k] = (float) (scale * Math.cos(Math.PI * k * (2 * m + 1) / (2.0 * inputs)));
      }
    }
  }

  /**
   * out[outOffset + k] = sum_m C[k][m] * in[inOffset + m], into {@code sums} (at least {@code
   * outputs} long) and then copied out. Input-major, so the inner loop updates all outputs at once
   * (no reduction chain). It runs over {@code sums} and one matrix row, both from index 0: C2
   * vectorises a loop only when each array is read at the loop index plus a constant, which {@code
   * out[outOffset + k]} and a flat matrix's {@code [m * outputs + k]} were not.
   */
  void apply(float[] in, int inOffset, float[] out, int outOffset, float[] sums) {
    int n = outputs;
    Arrays.fill(sums, 0, n, 0f);
    for (int m = 0; m < inputs; m++) {
      float v = in[inOffset + m];
      float[] row = rows[m];
      for (int k = 0; k < n; k++) {
        sums[k] += row[k] * v;
      }
    }
    System.arraycopy(sums, 0, out, outOffset, n);
  }
}
