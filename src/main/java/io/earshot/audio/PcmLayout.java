package io.earshot.audio;

/**
 * How uncompressed samples are laid out in WAV and AIFF data, and their conversion to mono floats.
 *
 * @param channels interleaved channels per frame
 * @param bytesPerSample container size of one sample (1, 2, 3, 4 or 8)
 * @param coding how a sample's bits are to be read
 * @param bigEndian byte order (AIFF is big-endian, WAV little-endian)
 */
record PcmLayout(int channels, int bytesPerSample, Coding coding, boolean bigEndian) {

  enum Coding {
    /** Two's complement integers. */
    SIGNED,
    /** 8-bit WAV: unsigned with 128 as zero. */
    UNSIGNED,
    /** IEEE 754, 4 or 8 bytes. */
    FLOAT,
    /** G.711 mu-law, 8 bits (telephony, some field recorders). */
    MU_LAW,
    /** G.711 A-law, 8 bits. */
    A_LAW
  }

  private static final float[] MU_LAW_TABLE = g711Table(true);
  private static final float[] A_LAW_TABLE = g711Table(false);

  int frameBytes() {
    return channels * bytesPerSample;
  }

  /** Averages the channels of {@code frames} frames starting at {@code offset} into the sink. */
  void mixToMono(byte[] data, int offset, int frames, MonoSink sink) throws AudioDecodeException {
    int block = 1 << 16;
    boolean pcm16 = bytesPerSample == 2 && coding == Coding.SIGNED;
    int pos = offset;
    for (int done = 0; done < frames; ) {
      int n = Math.min(block, frames - done);
      sink.reserve(n);
      if (pcm16) {
        int from = pos;
        if (channels == 1) {
          sink.putFinite(n, (into, at) -> pcm16(data, from, n, into, at));
        } else {
          sink.putFinite(n, (into, at) -> pcm16Mixed(data, from, n, into, at));
        }
        pos += frameBytes() * n;
      } else {
        for (int f = 0; f < n; f++) {
          sink.put(mix(data, pos));
          pos += frameBytes();
        }
      }
      done += n;
    }
  }

  /**
   * Mono 16-bit PCM, the common upload, without the general path's per-sample dispatch on the
   * coding, byte-wise read, double sum and NaN test (an integer sample is finite and within [-1, 1)
   * by construction). s / 32768 is exact in a float, so the samples are those the general path
   * stores, bit for bit.
   */
  private void pcm16(byte[] data, int pos, int n, float[] out, int at) {
    int high = bigEndian ? 0 : 1;
    for (int f = 0; f < n; f++) {
      out[at + f] = int16(data, pos + 2 * f, high) * (1f / 32768);
    }
  }

  /**
   * 16-bit PCM of two or more channels (a third of the WAV files in the demo set, and what most
   * field recorders write), without the general path's per-sample dispatch and byte-wise reads. The
   * channels' integer sum s is exact, and so is s / 32768 in a float (|s| < 2^24), which is the
   * general path's double sum rounded to float; both then multiply by the same 1 / channels. So the
   * samples are those the general path stores, bit for bit.
   */
  private void pcm16Mixed(byte[] data, int pos, int n, float[] out, int at) {
    int high = bigEndian ? 0 : 1;
    float perChannel = 1f / channels;
    int p = pos;
    for (int f = 0; f < n; f++) {
      int sum = 0;
      for (int c = 0; c < channels; c++, p += 2) {
        sum += int16(data, p, high);
      }
      out[at + f] = sum * (1f / 32768) * perChannel;
    }
  }

  /** The 16-bit two's complement sample at p whose high byte is at {@code p + high} (0 or 1). */
  private static int int16(byte[] data, int p, int high) {
    return (short) ((data[p + high] << 8) | (data[p + 1 - high] & 0xff));
  }

  /**
   * The same mono samples as {@link #mixToMono} stores, for a streamed recording: {@code frames}
   * frames from {@code offset} into {@code out} from {@code outOffset}.
   */
  void mixInto(byte[] data, int offset, int frames, float[] out, int outOffset) {
    int pos = offset;
    for (int f = 0; f < frames; f++) {
      out[outOffset + f] = MonoSink.clean(mix(data, pos));
      pos += frameBytes();
    }
  }

  /** The channels of the frame at {@code pos}, averaged. */
  private float mix(byte[] data, int pos) {
    double sum = 0;
    for (int c = 0; c < channels; c++) {
      sum += sample(data, pos + c * bytesPerSample);
    }
    return (float) sum * (1f / channels);
  }

  /** One sample as a float, integers scaled so that full scale is 1. */
  double sample(byte[] b, int pos) {
    switch (coding) {
      case FLOAT:
        return bytesPerSample == 8
            ? Double.longBitsToDouble(readInteger(b, pos, 8))
            : Float.intBitsToFloat((int) readInteger(b, pos, 4));
      case UNSIGNED:
        return ((b[pos] & 0xff) - 128) / 128.0;
      case MU_LAW:
        return MU_LAW_TABLE[b[pos] & 0xff];
      case A_LAW:
        return A_LAW_TABLE[b[pos] & 0xff];
      default:
        long raw = readInteger(b, pos, bytesPerSample);
        int shift = 64 - 8 * bytesPerSample;
        long signed = (raw << shift) >> shift; // sign-extend from the container width
        return signed / (double) (1L << (8 * bytesPerSample - 1));
    }
  }

  private long readInteger(byte[] b, int pos, int n) {
    long v = 0;
    if (bigEndian) {
      for (int i = 0; i < n; i++) {
        v = (v << 8) | (b[pos + i] & 0xff);
      }
    } else {
      for (int i = n - 1; i >= 0; i--) {
        v = (v << 8) | (b[pos + i] & 0xff);
      }
    }
    return v;
  }

  /** The 256 levels of ITU-T G.711, scaled to [-1, 1]. */
  private static float[] g711Table(boolean muLaw) {
    float[] table = new float[256];
    for (int code = 0; code < 256; code++) {
      int linear;
      if (muLaw) {
        int u = ~code & 0xff;
        int magnitude = (((u & 0x0f) << 3) + 0x84) << ((u >> 4) & 0x07);
        linear = (u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84;
      } else {
        int a = code ^ 0x55;
        int exponent = (a >> 4) & 0x07;
        int magnitude =
            exponent == 0 ? ((a & 0x0f) << 4) + 8 : (((a & 0x0f) << 4) + 0x108) << (exponent - 1);
        linear = (a & 0x80) != 0 ? magnitude : -magnitude;
      }
      table[code] = linear / 32768f;
    }
    return table;
  }
}
