package io.earshot.audio.mp3;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decodes one channel's quantised spectrum from the main data (ISO/IEC 11172-3, 2.4.3.4.6): pairs
 * in the big-values regions, quadruples in the count1 region, zeros above. Each value starts with
 * one 8-byte big-endian read at the bit position, which holds at least 57 bits: more than the
 * longest pair with its escapes and signs (47 bits).
 */
final class HuffmanDecoder {

  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private HuffmanDecoder() {}

  /** The 64 bits from bit {@code position} on; valid for at least the first 57. */
  private static long peek(byte[] data, int position) {
    return (long) BIG_ENDIAN_LONG.get(data, position >>> 3) << (position & 7);
  }

  /**
   * Writes the quantised values into {@code out} (at least 580 long) and returns how many lines
   * were decoded; lines past that are undefined. {@code data} must be readable 2 KB past {@code
   * endBit}.
   */
  static int decode(
      byte[] data, int startBit, int endBit, GranuleInfo g, int rateIndex, int[] out) {
    int position = startBit;
    int bigEnd = g.bigValues * 2;
    int region1 = Math.min(g.region1Start(rateIndex), bigEnd);
    int region2 = Math.max(region1, Math.min(g.region2Start(rateIndex), bigEnd));
    int i = 0;
    for (int region = 0; region < 3; region++) {
      int end = region == 0 ? region1 : (region == 1 ? region2 : bigEnd);
      HuffmanTable table = Layer3Tables.HUFFMAN[g.tableSelect[region]];
      if (table.isZero()) {
        java.util.Arrays.fill(out, i, end, 0);
        i = end;
        continue;
      }
      int[] lookup = table.lookup;
      int root = table.rootBits;
      int linbits = table.linbits;
      for (; i < end; i += 2) {
        long bits = peek(data, position);
        int entry = lookup[(int) (bits >>> (64 - root))];
        int used;
        if (entry < 0) {
          int link = -entry;
          entry = lookup[(link >>> 5) + (int) ((bits << root) >>> (64 - (link & 31)))];
          used = root + (entry >>> 8);
        } else {
          used = entry >>> 8;
        }
        bits <<= used;
        int x = (entry >>> 4) & 15;
        int y = entry & 15;
        if (x == 15 && linbits > 0) {
          x += (int) (bits >>> (64 - linbits));
          bits <<= linbits;
          used += linbits;
        }
        // Signs without branches: the data makes "is it zero" and "is it negative" unpredictable.
        int hasSign = (x | -x) >>> 31;
        int negative = (int) (bits >>> 63) & hasSign;
        x = (x ^ -negative) + negative;
        bits <<= hasSign;
        used += hasSign;
        if (y == 15 && linbits > 0) {
          y += (int) (bits >>> (64 - linbits));
          bits <<= linbits;
          used += linbits;
        }
        hasSign = (y | -y) >>> 31;
        negative = (int) (bits >>> 63) & hasSign;
        y = (y ^ -negative) + negative;
        used += hasSign;
        out[i] = x;
        out[i + 1] = y;
        position += used;
      }
    }

    HuffmanTable quads = Layer3Tables.HUFFMAN[32 + g.count1Table];
    int[] lookup = quads.lookup;
    int root = quads.rootBits;
    while (i < 576 && position < endBit) {
      long bits = peek(data, position);
      int entry = lookup[(int) (bits >>> (64 - root))];
      int used = entry >>> 8;
      bits <<= used;
      // Each of v, w, x, y that is 1 is followed by its sign bit.
      for (int k = 0; k < 4; k++) {
        int value = (entry >>> (3 - k)) & 1;
        int negative = (int) (bits >>> 63) & value;
        out[i + k] = (value ^ -negative) + negative;
        bits <<= value;
        used += value;
      }
      position += used;
      if (position > endBit) {
        break; // the quadruple ran past this channel's data: it is not part of the spectrum
      }
      i += 4;
    }
    return Math.min(i, 576);
  }
}
