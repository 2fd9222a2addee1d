package io.earshot.audio;

import java.util.Arrays;

/**
 * The polyphase filter of {@link Resampler} for a rate pair with an exact kernel (reduced ratio
 * L/M, one kernel row per phase), computed phase by phase over many outputs at once.
 *
 * <p>Output {@code n = p + L m} uses kernel row {@code p M mod L} and reads the input from {@code
 * first(p) + M m} on: for a fixed phase the outputs step through the input M samples at a time. So
 * the input is first laid out as rows {@code X[q][j] = in[base + q + M j]}, and then each output of
 * phase p is {@code sum_k row_p[k] X[d_p + k][j]}, summed for all j at once. Every array in that
 * inner loop is read at the loop index, which is what lets HotSpot's C2 run it in SIMD registers;
 * the one-output dot product before it could not be vectorised (a float sum may not be reordered),
 * and it was bound by its two loads per multiply-add.
 *
 * <p>Each output adds its products in exactly the order {@link Resampler#output} does (four float
 * lanes by tap index modulo 4, the taps past the last multiple of four into lane 0, then the lanes
 * in double), so the samples are bit for bit those of the one-output code. Outputs that read past
 * either end of the input are left to {@link Resampler#output}, which sums those in one lane.
 */
final class PhaseBlocks {

  /** Outputs of one phase computed together, at most. */
  private static final int BLOCK = 256;

  /** Floats the input rows may hold, (M + taps) × block: 4 MB, reached only above 192 kHz. */
  private static final int MAX_ROW_FLOATS = 1 << 20;

  private PhaseBlocks() {}

  /**
   * Fills {@code out[n]} for every output n whose taps lie inside {@code in}; the others are left
   * untouched. {@code up} is L (the kernel's phase count) and {@code down} is M.
   */
  static void run(Resampler.Kernel kernel, int up, int down, float[] in, float[] out) {
    int taps = kernel.taps();
    float[] table = kernel.table();
    int[] offset = new int[up]; // d_p: where phase p's first input lies after phase 0's
    for (int p = 0; p < up; p++) {
      offset[p] = (int) ((long) p * down / up);
    }
    int cycles = (out.length + up - 1) / up; // values of m
    int block = Math.max(1, Math.min(Math.min(BLOCK, cycles), MAX_ROW_FLOATS / (down + taps)));
    float[][] rows = new float[down + taps][block];
    float[][] lanes = new float[4][block];
    int wholeLanes = taps & ~3;
    long firstOfPhase0 = 1L - taps / 2; // first(0): the kernel is centred on the output
    for (int m0 = 0; m0 < cycles; m0 += block) {
      int count = Math.min(block, cycles - m0);
      long base = firstOfPhase0 + (long) down * m0;
      layOut(in, base, down, rows, count);
      for (int p = 0; p < up; p++) {
        int row = (int) ((long) p * down % up) * taps; // its fractional position, p M mod L
        int d = offset[p];
        for (float[] lane : lanes) {
          Arrays.fill(lane, 0, count, 0f);
        }
        for (int k = 0; k < taps; k++) {
          float c = table[row + k];
          float[] x = rows[d + k];
          float[] sum = lanes[k < wholeLanes ? k & 3 : 0];
          for (int j = 0; j < count; j++) {
            sum[j] += c * x[j];
          }
        }
        store(lanes, out, p, up, m0, count, in.length, base + d, down, taps);
      }
    }
  }

  /** rows[q][j] = in[base + q + down * j], zero outside the input. */
  private static void layOut(float[] in, long base, int down, float[][] rows, int count) {
    for (int j = 0; j < count; j++) {
      long start = base + (long) down * j;
      if (start >= 0 && start + rows.length <= in.length) {
        int from = (int) start;
        for (int q = 0; q < rows.length; q++) {
          rows[q][j] = in[from + q];
        }
      } else {
        for (int q = 0; q < rows.length; q++) {
          long at = start + q;
          rows[q][j] = at >= 0 && at < in.length ? in[(int) at] : 0f;
        }
      }
    }
  }

  /** Writes the outputs of phase p in this block whose taps lie inside the input. */
  private static void store(
      float[][] lanes,
      float[] out,
      int p,
      int up,
      int m0,
      int count,
      int length,
      long firstInput,
      int down,
      int taps) {
    float[] s0 = lanes[0];
    float[] s1 = lanes[1];
    float[] s2 = lanes[2];
    float[] s3 = lanes[3];
    long n = p + (long) up * m0;
    long first = firstInput;
    for (int j = 0; j < count && n < out.length; j++, n += up, first += down) {
      if (first >= 0 && first + taps <= length) {
        out[(int) n] = (float) ((double) s0[j] + s1[j] + s2[j] + s3[j]);
      }
    }
  }
}
