package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The 16-bit shortcuts against the general per-sample path, which reads the same values from 24-bit
 * containers (a 16-bit value v in the top two bytes of 24 bits is v * 256 / 2^23 = v / 32768).
 */
class PcmLayoutTest {

  @Test
  void mono16BitPcmGivesTheSamplesOfTheGeneralPathBitForBit() throws AudioDecodeException {
    short[] every = new short[65536];
    for (int v = 0; v < every.length; v++) {
      every[v] = (short) v;
    }
    for (boolean bigEndian : new boolean[] {false, true}) {
      float[] fast = mixed(every, 1, 2, bigEndian);
      assertArrayEquals(mixed(every, 1, 3, bigEndian), fast, "big-endian " + bigEndian);
      assertEquals(-1f, fast[0x8000]);
      assertEquals(32767f / 32768, fast[0x7fff]);
    }
  }

  @Test
  void interleaved16BitPcmGivesTheMixOfTheGeneralPathBitForBit() throws AudioDecodeException {
    Random random = new Random(16);
    for (int channels = 2; channels <= 6; channels++) {
      short[] samples = new short[channels * 20_000];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = (short) random.nextInt();
      }
      // the extremes: every channel at full scale either way, and opposite full scales
      for (int c = 0; c < channels; c++) {
        samples[c] = Short.MIN_VALUE;
        samples[channels + c] = Short.MAX_VALUE;
        samples[2 * channels + c] = c % 2 == 0 ? Short.MIN_VALUE : Short.MAX_VALUE;
      }
      for (boolean bigEndian : new boolean[] {false, true}) {
        float[] fast = mixed(samples, channels, 2, bigEndian);
        float[] general = mixed(samples, channels, 3, bigEndian);
        assertArrayEquals(general, fast, channels + " channels, big-endian " + bigEndian);
        assertEquals(-1f, fast[0]);
      }
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

  /**
   * Interleaved samples decoded from containers of {@code bytes} (2 or 3) bytes, the value in the
   * top two.
   */
  private static float[] mixed(short[] samples, int channels, int bytes, boolean bigEndian)
      throws AudioDecodeException {
    byte[] data = new byte[bytes * samples.length];
    for (int i = 0; i < samples.length; i++) {
      byte[] container = new byte[bytes];
      container[bytes - 2] = (byte) samples[i];
      container[bytes - 1] = (byte) (samples[i] >> 8); // little-endian: most significant last
      for (int b = 0; b < bytes; b++) {
        data[bytes * i + b] = container[bigEndian ? bytes - 1 - b : b];
      }
    }
    PcmLayout layout = new PcmLayout(channels, bytes, PcmLayout.Coding.SIGNED, bigEndian);
    return decode(layout, data, samples.length / channels);
  }

  private static float[] decode(PcmLayout layout, byte[] data, int frames)
      throws AudioDecodeException {
    MonoSink sink = new MonoSink(8000, new DecodeBudget(AudioLimits.defaults()));
    layout.mixToMono(data, 0, frames, sink);
    return sink.toArray();
  }
}
