package io.earshot.audio.mp3;

/**
 * The hybrid filter bank's inverse (ISO/IEC 11172-3, 2.4.3.4.10): alias reduction, IMDCT with the
 * block type's window, overlap-add and frequency inversion, from 576 spectral lines to 18 samples
 * in each of 32 subbands. Linear, so two channels with the same block type can share one pass.
 */
final class Hybrid {

  /** The short-block window, sin(pi / 12 (i + 0.5)). */
  private static final float[] SHORT_WINDOW = new float[12];

  /**
   * The windows of block types 0 (normal), 1 (start), 3 (stop); type 2 uses {@link #SHORT_WINDOW}.
   */
  private static final float[][] WINDOWS = new float[4][36];

  static {
    for (int i = 0; i < 12; i++) {
      SHORT_WINDOW[i] = (float) Math.sin(Math.PI / 12 * (i + 0.5));
    }
    for (int i = 0; i < 36; i++) {
      WINDOWS[0][i] = (float) Math.sin(Math.PI / 36 * (i + 0.5));
    }
    for (int i = 0; i < 36; i++) {
      double start;
      if (i < 18) {
        start = Math.sin(Math.PI / 36 * (i + 0.5));
      } else if (i < 24) {
        start = 1;
      } else if (i < 30) {
        start = Math.sin(Math.PI / 12 * (i - 18 + 0.5));
      } else {
        start = 0;
      }
      WINDOWS[1][i] = (float) start;
      WINDOWS[3][35 - i] = (float) start; // the stop window is the start window reversed
    }
  }

  private final float[] raw = new float[32 * 36];
  private final float[] overlap = new float[32 * 18];
  private final float[] dct4 = new float[18];
  private int rawSubbands;
  private int overlapSubbands;

  /** Starts a granule: no subband has output yet. */
  void begin() {
    rawSubbands = 0;
  }

  /**
   * Adds one channel's (or a channel sum's) 576 lines, of which only {@code lines} may be non-zero,
   * to this granule's IMDCT output. Short-block lines must already be in subband order (3 per
   * frequency, one per window).
   */
  void add(float[] xr, int lines, int blockType) {
    int subbands;
    if (blockType == 2) {
      subbands = Math.min(32, (lines + 17) / 18);
      clearRaw(subbands);
      for (int sb = 0; sb < subbands; sb++) {
        imdctShort(xr, sb);
      }
    } else {
      int used = (lines + 17) / 18;
      antialias(xr, used);
      subbands = Math.min(32, used + 1); // the butterflies reach one subband up
      clearRaw(subbands);
      float[] window = WINDOWS[blockType];
      for (int sb = 0; sb < subbands; sb++) {
        imdctLong(xr, sb, window);
      }
    }
  }

  /** Overlap-adds the granule into {@code subbands[sb * 18 + t]}, all 32 subbands. */
  void finish(float[] subbands) {
    int active = Math.max(rawSubbands, overlapSubbands);
    for (int sb = 0; sb < active; sb++) {
      int r = sb * 36;
      int o = sb * 18;
      if (sb < rawSubbands) {
        for (int i = 0; i < 18; i++) {
          subbands[o + i] = raw[r + i] + overlap[o + i];
          overlap[o + i] = raw[r + 18 + i];
        }
      } else { // only the previous granule's tail sounds here
        System.arraycopy(overlap, o, subbands, o, 18);
        java.util.Arrays.fill(overlap, o, o + 18, 0f);
      }
      if ((sb & 1) == 1) {
        for (int i = 1; i < 18; i += 2) {
          subbands[o + i] = -subbands[o + i];
        }
      }
    }
    java.util.Arrays.fill(subbands, active * 18, 576, 0f);
    overlapSubbands = rawSubbands;
  }

  /** Zeroes the IMDCT output of subbands not yet written this granule, up to {@code subbands}. */
  private void clearRaw(int subbands) {
    if (subbands > rawSubbands) {
      java.util.Arrays.fill(raw, rawSubbands * 36, subbands * 36, 0f);
      rawSubbands = subbands;
    }
  }

  private static void antialias(float[] xr, int used) {
    int last = Math.min(31, used);
    for (int sb = 1; sb <= last; sb++) {
      int edge = sb * 18;
      for (int i = 0; i < 8; i++) {
        float below = xr[edge - 1 - i];
        float above = xr[edge + i];
        xr[edge - 1 - i] = below * Layer3Tables.ALIAS_CS[i] - above * Layer3Tables.ALIAS_CA[i];
        xr[edge + i] = above * Layer3Tables.ALIAS_CS[i] + below * Layer3Tables.ALIAS_CA[i];
      }
    }
  }

  /**
   * y[i] = sum_k X[k] cos(pi/72 (2i + 19)(2k + 1)), i = 0..35, is the DCT-IV Y of X read from Y[9]
   * on: y[i] = Y[9 + i] and y[18 + i] = -Y[8 - i] for i = 0..8, y[17 - i] = -y[i], y[35 - i] = y[18
   * + i].
   */
  private void imdctLong(float[] xr, int sb, float[] window) {
    float[] y = dct4;
    FastTransforms.dct4x18(xr, sb * 18, y);
    int out = sb * 36;
    for (int i = 0; i < 9; i++) {
      float low = y[9 + i];
      float high = -y[8 - i];
      raw[out + i] += low * window[i];
      raw[out + 17 - i] -= low * window[17 - i];
      raw[out + 18 + i] += high * window[18 + i];
      raw[out + 35 - i] += high * window[35 - i];
    }
  }

  /**
   * Three 12-point IMDCTs, y[i] = sum_k X[k] cos(pi/24 (2i + 7)(2k + 1)), from the DCT-IV Y of X:
   * y[i] = Y[3 + i] for i = 0..2, -Y[8 - i] for 3..8 and -Y[i - 9] for 9..11; windowed and
   * overlapped at 6, 12 and 18 in the subband's 36 samples.
   */
  private void imdctShort(float[] xr, int sb) {
    float[] y = dct4;
    float[] w = SHORT_WINDOW;
    for (int window = 0; window < 3; window++) {
      FastTransforms.dct4x6(xr, sb * 18 + window, y);
      int out = sb * 36 + 6 + 6 * window;
      for (int i = 0; i < 3; i++) {
        raw[out + i] += y[3 + i] * w[i];
        raw[out + 9 + i] -= y[i] * w[9 + i];
      }
      for (int i = 3; i < 9; i++) {
        raw[out + i] -= y[8 - i] * w[i];
      }
    }
  }
}
