package io.earshot.audio;

/**
 * How uncompressed samples are laid out in WAV and AIFF data, and their conversion to mono floats.
 *
 * @param channels interleaved channels per frame
 * @param bytesPerSample container size of one sample (1, 2, 3, 4 or 8)
 * @param floatingPoint IEEE float samples (4 or 8 bytes) rather than integers
 * @param bigEndian byte order (AIFF is big-endian, WAV little-endian)
 * @param unsigned8 8-bit samples are unsigned with 128 as zero (WAV) rather than signed (AIFF)
 */
record PcmLayout(
    int channels, int bytesPerSample, boolean floatingPoint, boolean bigEndian, boolean unsigned8) {

  int frameBytes() {
    return channels * bytesPerSample;
  }

  /** Averages the channels of {@code frames} frames starting at {@code offset} into the sink. */
  void mixToMono(byte[] data, int offset, int frames, MonoSink sink) throws AudioDecodeException {
    int block = 1 << 16;
    float scale = 1f / channels;
    int pos = offset;
    for (int done = 0; done < frames; ) {
      int n = Math.min(block, frames - done);
      sink.reserve(n);
      for (int f = 0; f < n; f++) {
        double sum = 0;
        for (int c = 0; c < channels; c++) {
          sum += sample(data, pos);
          pos += bytesPerSample;
        }
        sink.put((float) sum * scale);
      }
      done += n;
    }
  }

  /** One sample as a float, integers scaled so that full scale is 1. */
  double sample(byte[] b, int pos) {
    if (floatingPoint) {
      return bytesPerSample == 8
          ? Double.longBitsToDouble(readInteger(b, pos, 8))
          : Float.intBitsToFloat((int) readInteger(b, pos, 4));
    }
    if (bytesPerSample == 1) {
      return unsigned8 ? ((b[pos] & 0xff) - 128) / 128.0 : b[pos] / 128.0;
    }
    long raw = readInteger(b, pos, bytesPerSample);
    int shift = 64 - 8 * bytesPerSample;
    long signed = (raw << shift) >> shift; // sign-extend from the container width
    return signed / (double) (1L << (8 * bytesPerSample - 1));
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
}
