package io.earshot.audio.mp3;

/**
 * The polyphase synthesis filter bank (ISO/IEC 11172-3, 2.4.3.2.2 and Figure A.2): per time slot,
 * 32 subband samples become 32 PCM samples. The matrixing is a fast 32-point DCT ({@link
 * FastTransforms#dct32}). The windowing is arranged for the JIT's vectoriser: the V vectors are
 * kept in time order, their two halves in separate arrays, so each of the 16 window taps is one
 * multiply-add over a whole granule (576 contiguous samples) rather than 18 short loops ({@link
 * FastTransforms#window}).
 */
final class SynthesisFilterbank {

  /** Earlier time slots the window reaches back to. */
  private static final int HISTORY = 15;

  private static final int SLOTS = HISTORY + 18;

  /** Window tap i (D[32i .. 32i + 31]) repeated for the 18 slots of a granule. */
  private static final float[][] TAPS = new float[16][576];

  static {
    for (int i = 0; i < 16; i++) {
      for (int k = 0; k < 576; k++) {
        TAPS[i][k] = Layer3Tables.SYNTHESIS_WINDOW[32 * i + (k & 31)];
      }
    }
  }

  /** V[0..31] and V[32..63] of each slot; slot s at [32 s, 32 s + 32). */
  private final float[] first = new float[SLOTS * 32];

  private final float[] second = new float[SLOTS * 32];

  private final float[] granule = new float[576];

  /**
   * Turns one granule, 18 time slots of the subband samples {@code subbands[sb * 18 + t]}, into 576
   * PCM samples at {@code pcm[offset..]}.
   */
  void synthesize(float[] subbands, float[] pcm, int offset) {
    for (int t = 0; t < 18; t++) {
      FastTransforms.dct32(subbands, t, first, second, (HISTORY + t) * 32);
    }
    FastTransforms.window(TAPS, first, second, granule);
    System.arraycopy(granule, 0, pcm, offset, 576);
    System.arraycopy(first, 18 * 32, first, 0, HISTORY * 32);
    System.arraycopy(second, 18 * 32, second, 0, HISTORY * 32);
  }
}
