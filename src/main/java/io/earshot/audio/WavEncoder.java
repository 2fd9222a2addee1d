package io.earshot.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes WAV files from float samples in [-1, 1] (interleaved when there are several channels).
 * Used by tests and tools to make audio; values outside [-1, 1] are clipped.
 */
public final class WavEncoder {

  private static final int TAG_PCM = 0x0001;
  private static final int TAG_FLOAT = 0x0003;
  private static final int TAG_EXTENSIBLE = 0xfffe;

  private WavEncoder() {}

  /** 16-bit integer PCM, the most common WAV. */
  public static byte[] pcm16(float[] samples, int rate, int channels) {
    return encode(samples, rate, channels, 16, false, false);
  }

  /** 32-bit IEEE float. */
  public static byte[] float32(float[] samples, int rate, int channels) {
    return encode(samples, rate, channels, 32, true, false);
  }

  /**
   * Any layout the loader reads: integer PCM of 8, 16, 24 or 32 bits, or float of 32 or 64 bits,
   * with a plain or a WAVE_FORMAT_EXTENSIBLE header.
   */
  public static byte[] encode(
      float[] samples,
      int rate,
      int channels,
      int bitsPerSample,
      boolean floatingPoint,
      boolean extensible) {
    boolean supported =
        floatingPoint
            ? bitsPerSample == 32 || bitsPerSample == 64
            : bitsPerSample == 8
                || bitsPerSample == 16
                || bitsPerSample == 24
                || bitsPerSample == 32;
    if (!supported || channels < 1 || rate <= 0 || samples.length % channels != 0) {
      throw new IllegalArgumentException(
          String.format(
              "cannot write %d-bit %s WAV with %d channels at %d Hz from %d samples",
              bitsPerSample, floatingPoint ? "float" : "PCM", channels, rate, samples.length));
    }
    int bytesPerSample = bitsPerSample / 8;
    int dataBytes = samples.length * bytesPerSample;
    int fmtBytes = extensible ? 40 : 16;
    int tag = floatingPoint ? TAG_FLOAT : TAG_PCM;
    ByteBuffer out =
        ByteBuffer.allocate(12 + 8 + fmtBytes + 8 + dataBytes + (dataBytes & 1))
            .order(ByteOrder.LITTLE_ENDIAN);
    out.put(ascii("RIFF")).putInt(out.capacity() - 8).put(ascii("WAVE"));
    out.put(ascii("fmt "))
        .putInt(fmtBytes)
        .putShort((short) (extensible ? TAG_EXTENSIBLE : tag))
        .putShort((short) channels)
        .putInt(rate)
        .putInt(rate * channels * bytesPerSample)
        .putShort((short) (channels * bytesPerSample))
        .putShort((short) bitsPerSample);
    if (extensible) {
      out.putShort((short) 22)
          .putShort((short) bitsPerSample)
          .putInt(0) // size, valid bits, mask
          .putShort((short) tag)
          .put(
              new byte[] {
                0x00,
                0x00,
                0x00,
                0x00,
                0x10,
                0x00,
                (byte) 0x80,
                0x00,
                0x00,
                (byte) 0xaa,
                0x00,
                0x38,
                (byte) 0x9b,
                0x71
              }); // rest of the KSDATAFORMAT GUID
    }
    out.put(ascii("data")).putInt(dataBytes);
    for (float sample : samples) {
      putSample(out, Math.max(-1f, Math.min(1f, sample)), bitsPerSample, floatingPoint);
    }
    return out.array();
  }

  private static void putSample(ByteBuffer out, float v, int bits, boolean floatingPoint) {
    if (floatingPoint) {
      if (bits == 64) {
        out.putDouble(v);
      } else {
        out.putFloat(v);
      }
      return;
    }
    long full = (1L << (bits - 1)) - 1;
    long q = Math.round(v * (double) full);
    switch (bits) {
      case 8 -> out.put((byte) (q + 128));
      case 16 -> out.putShort((short) q);
      case 24 -> out.put((byte) q).put((byte) (q >> 8)).put((byte) (q >> 16));
      default -> out.putInt((int) q);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
