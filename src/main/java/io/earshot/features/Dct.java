package io.earshot.features;

/** Orthonormal DCT-II truncated to the first {@code outputs} coefficients, as a dense matrix. */
final class Dct {

  private final int inputs;
  private final int outputs;
  private final float[] matrix;

  Dct(int inputs, int outputs) {
    this.inputs = inputs;
    this.outputs = outputs;
    matrix = new float[inputs * outputs];
    for (int k = 0; k < outputs; k++) {
      double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / inputs);
      for (int m = 0; m < inputs; m++) {
        matrix[m * outputs + k] =
            (float) (scale * Math.cos(Math.PI * k * (2 * m + 1) / (2.0 * inputs)));
      }
    }
  }

  /**
   * out[outOffset + k] = sum_m C[k][m] * in[inOffset + m]. The matrix is stored input-major so the
   * inner loop updates all outputs at once (no reduction chain, which the JIT can vectorise).
   */
  void apply(float[] in, int inOffset, float[] out, int outOffset) {
    for (int k = 0; k < outputs; k++) {
      out[outOffset + k] = 0;
    }
    for (int m = 0; m < inputs; m++) {
      float v = in[inOffset + m];
      int row = m * outputs;
      for (int k = 0; k < outputs; k++) {
        out[outOffset + k] += matrix[row + k] * v;
      }
    }
  }
}
