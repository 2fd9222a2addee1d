package io.earshot.analysis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Raw PCM as a live sensor sends it: little-endian 16-bit integers or 32-bit floats, channels
 * interleaved, at a fixed rate.
 *
 * @param sampleRate frames per second, 8 000 to 96 000
 * @param channels interleaved channels, 1 to 8 (mixed to mono)
 * @param encoding {@code pcm_s16le} or {@code f32le}
 */
public record PcmFormat(int sampleRate, int channels, String encoding) {

  public PcmFormat {
    if (sampleRate < 8_000 || sampleRate > 96_000) {
      throw new IllegalArgumentException(
          "sample_rate must be between 8000 and 96000 Hz, got " + sampleRate);
    }
    if (channels < 1 || channels > 8) {
      throw new IllegalArgumentException("channels must be between 1 and 8, got " + channels);
    }
    encoding = encoding == null ? "" : encoding.toLowerCase(Locale.ROOT);
    if (!encoding.equals("pcm_s16le") && !encoding.equals("f32le")) {
      throw new IllegalArgumentException(
          "encoding must be pcm_s16le or f32le, got '" + encoding + "'");
    }
  }

  public int bytesPerSample() {
    return encoding.equals("f32le") ? 4 : 2;
  }

  public int bytesPerFrame() {
    return bytesPerSample() * channels;
  }

  /**
   * Mono samples in [-1, 1] of whole frames in {@code bytes}; a trailing partial frame is an error
   * (a sensor must send whole frames per message).
   */
  public float[] toMono(byte[] bytes) {
    if (bytes.length % bytesPerFrame() != 0) {
      throw new IllegalArgumentException(
          "a message of "
              + bytes.length
              + " bytes is not a whole number of "
              + bytesPerFrame()
              + "-byte frames ("
              + channels
              + " channel(s) of "
              + encoding
              + ")");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.length / bytesPerFrame()];
    boolean floats = encoding.equals("f32le");
    for (int i = 0; i < out.length; i++) {
      double sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += floats ? in.getFloat() : in.getShort() / 32768.0;
      }
      float v = (float) (sum / channels);
      out[i] = Float.isFinite(v) ? Math.max(-1f, Math.min(1f, v)) : 0f;
    }
    return out;
  }
}
