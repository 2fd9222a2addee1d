package io.earshot.audio;

import java.util.Arrays;

/**
 * The polyphase filter of {@link Resampler} for a rate pair with an exact kernel (reduced ratio
 * L/M, one kernel row per phase), computed phase by phase over many outputs at once.
 *
 * <p>Output {@code n = p + L m} uses kernel row {@code p M mod L} and reads the input from {@code
 * first(p) + M m} on: for a fixed phase the outputs step through the input M samples at a time. So
 * the input is first laid out as rows {@code X[q][j] = x[start + q + M j]}, and then each output of
 * phase p is {@code sum_k row[k] X[d_p + k][j]}, summed for all j at once. Every array in that
 * inner loop is read at the loop index, which is what lets HotSpot's C2 run it in SIMD registers;
 * the one-output dot product could not be vectorised (a float sum may not be reordered) and was
 * bound by its two loads per multiply-add.
 *
 * <p>Each output adds its products in exactly the order {@link Resampler#output} does (four float
 * lanes by tap index modulo 4, the taps past the last multiple of four into lane 0, then the lanes
 * in double), so the samples are bit for bit those of the one-output code. Outputs that read past
 * either end of the signal are left to {@link Resampler#output}, which sums those in one lane.
 *
 * <p>Holds scratch: one instance per thread (a stream keeps its own).
 */
final class PhaseBlocks {

  /** Outputs of one phase computed together, at most. */
  private static final int BLOCK = 256;

  /** Floats the input rows may hold, (M + taps) × block: 4 MB, reached only above 192 kHz. */
  private static final int MAX_ROW_FLOATS = 1 << 20;

  private final int up;
  private final int down;
  private final int taps;
  private final float[] table;
  private final int[] offset; // d_p: where phase p's first input lies after phase 0's
  private final int[] row; // where phase p's kernel row starts in the table
  private float[][] rows = new float[0][];
  private final float[][] lanes = new float[4][];

  /** {@code up} is L (the kernel's phase count), {@code down} is M. */
  PhaseBlocks(Resampler.Kernel kernel, int up, int down) {
    this.up = up;
    this.down = down;
    this.taps = kernel.taps();
    this.table = kernel.table();
    offset = new int[up];
    row = new int[up];
    for (int p = 0; p < up; p++) {
      offset[p] = (int) ((long) p * down / up);
      row[p] = (int) ((long) p * down % up) * taps;
    }
  }

  /**
   * Outputs {@code [from, from + count)} of a signal of {@code length} samples, whose sample i is
   * {@code in[i - base]} for i in {@code [base, base + held)}, into {@code out[at + n - from]}.
   * Only outputs whose taps all lie inside the signal are written; the others are left untouched.
   */
  void run(
      float[] in, long base, int held, long length, long from, int count, float[] out, int at) {
    if (count <= 0) {
      return;
    }
    long end = from + count;
    long firstCycle = from / up;
    long cycles = (end - 1) / up - firstCycle + 1; // values of m that reach into the range
    int block =
        (int) Math.max(1, Math.min(Math.min(BLOCK, cycles), MAX_ROW_FLOATS / (down + taps)));
    ensureScratch(block);
    for (long m0 = firstCycle; m0 < firstCycle + cycles; m0 += block) {
      int width = (int) Math.min(block, firstCycle + cycles - m0);
      long start = 1L - taps / 2 + down * m0; // first(p = 0, m = m0): the kernel is centred
      layOut(in, base, held, length, start, width);
      for (int p = 0; p < up; p++) {
        phase(p, width);
        store(out, at, from, end, p, m0, width, start + offset[p], length);
      }
    }
  }

  /**
   * The four lanes of phase p's sums over the laid-out block. A method of its own, called for every
   * phase of every block, so HotSpot compiles it once instead of compiling {@link #run} on the
   * stack and then again whole.
   */
  private void phase(int p, int width) {
    for (float[] lane : lanes) {
      Arrays.fill(lane, 0, width, 0f);
    }
    int r = row[p];
    int d = offset[p];
    int wholeLanes = taps & ~3;
    int k = 0;
    for (; k + 16 <= wholeLanes; k += 16) {
      for (int lane = 0; lane < 4; lane++) {
        fourTaps(lanes[lane], table, r + k + lane, rows, d + k + lane, width);
      }
    }
    for (; k < taps; k++) {
      float c = table[r + k];
      float[] x = rows[d + k];
      float[] sum = lanes[k < wholeLanes ? k & 3 : 0];
      for (int j = 0; j < width; j++) {
        sum[j] += c * x[j];
      }
    }
  }

  /**
   * Taps {@code k, k+4, k+8, k+12} of a phase into one lane, in that order, as one tap at a time
   * would, in one pass over the lane instead of four.
   */
  private static void fourTaps(
      float[] sum, float[] table, int r, float[][] rows, int d, int width) {
    float c0 = table[r];
    float c1 = table[r + 4];
    float c2 = table[r + 8];
    float c3 = table[r + 12];
    float[] x0 = rows[d];
    float[] x1 = rows[d + 4];
    float[] x2 = rows[d + 8];
    float[] x3 = rows[d + 12];
    for (int j = 0; j < width; j++) {
      sum[j] = sum[j] + c0 * x0[j] + c1 * x1[j] + c2 * x2[j] + c3 * x3[j];
    }
  }

  private void ensureScratch(int block) {
    if (rows.length == down + taps && rows[0].length >= block) {
      return;
    }
    rows = new float[down + taps][block];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new float[block];
    }
  }

  /** rows[q][j] = x[start + q + down * j], zero outside the signal or the held part of it. */
  private void layOut(float[] in, long base, int held, long length, long start, int width) {
    long lo = Math.max(0, base);
    long hi = Math.min(length, base + held);
    for (int j = 0; j < width; j++) {
      long first = start + (long) down * j;
      if (first >= lo && first + rows.length <= hi) {
        int from = (int) (first - base);
        for (int q = 0; q < rows.length; q++) {
          rows[q][j] = in[from + q];
        }
      } else {
        for (int q = 0; q < rows.length; q++) {
          long i = first + q;
          rows[q][j] = i >= lo && i < hi ? in[(int) (i - base)] : 0f;
        }
      }
    }
  }

  /** Writes the outputs of phase p in this block that are in range and read only the signal. */
  private void store(
      float[] out,
      int at,
      long from,
      long end,
      int p,
      long m0,
      int width,
      long first,
      long length) {
    float[] s0 = lanes[0];
    float[] s1 = lanes[1];
    float[] s2 = lanes[2];
    float[] s3 = lanes[3];
    long n = p + up * m0;
    for (int j = 0; j < width; j++, n += up, first += down) {
      if (n >= from && n < end && Resampler.readsInside(first, taps, length)) {
        out[(int) (at + n - from)] = (float) ((double) s0[j] + s1[j] + s2[j] + s3[j]);
      }
    }
  }
}
