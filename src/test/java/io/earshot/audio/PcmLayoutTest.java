package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The mono 16-bit shortcut against the general per-sample path. */
class PcmLayoutTest {

  @Test
  void mono16BitPcmGivesTheSamplesOfTheGeneralPathBitForBit() throws AudioDecodeException {
    for (boolean bigEndian : new boolean[] {false, true}) {
      // every 16-bit value once, as mono and as stereo with both channels equal: the stereo file
      // takes the general path (mix in double, NaN test), whose average of two equal samples is
      // the sample itself
      byte[] mono = new byte[2 * 65536];
      byte[] stereo = new byte[4 * 65536];
      for (int v = 0; v < 65536; v++) {
        byte high = (byte) (v >> 8);
        byte low = (byte) v;
        for (int c = 0; c < 2; c++) {
          int at = 4 * v + 2 * c;
          stereo[at] = bigEndian ? high : low;
          stereo[at + 1] = bigEndian ? low : high;
        }
        mono[2 * v] = bigEndian ? high : low;
        mono[2 * v + 1] = bigEndian ? low : high;
      }
      float[] fast = decode(new PcmLayout(1, 2, PcmLayout.Coding.SIGNED, bigEndian), mono, 65536);
      float[] general =
          decode(new PcmLayout(2, 2, PcmLayout.Coding.SIGNED, bigEndian), stereo, 65536);
      assertArrayEquals(general, fast, "big-endian " + bigEndian);
      assertEquals(-1f, fast[0x8000]);
      assertEquals(32767f / 32768, fast[0x7fff]);
    }
  }

  @Test
  void mono16BitPcmIsReadFromItsOffsetAcrossBlocks() throws AudioDecodeException {
    int frames = (1 << 16) + 5; // two blocks of the sink
    byte[] data = new byte[3 + 2 * frames];
    for (int f = 0; f < frames; f++) {
      short s = (short) (f * 7919);
      data[3 + 2 * f] = (byte) s;
      data[3 + 2 * f + 1] = (byte) (s >> 8);
    }
    MonoSink sink = new MonoSink(8000, new DecodeBudget(AudioLimits.defaults()));
    new PcmLayout(1, 2, PcmLayout.Coding.SIGNED, false).mixToMono(data, 3, frames, sink);
    float[] out = sink.toArray();
    assertEquals(frames, out.length);
    for (int f = 0; f < frames; f++) {
      assertEquals((short) (f * 7919) / 32768f, out[f], "frame " + f);
    }
  }

  private static float[] decode(PcmLayout layout, byte[] data, int frames)
      throws AudioDecodeException {
    MonoSink sink = new MonoSink(8000, new DecodeBudget(AudioLimits.defaults()));
    layout.mixToMono(data, 0, frames, sink);
    return sink.toArray();
  }
}
