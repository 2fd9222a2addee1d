package io.earshot.audio.mp3;

/**
 * Reads big-endian bit fields of up to 24 bits. The caller guarantees three readable bytes past any
 * position it reads at (the buffers are padded), so there is no bounds check per read.
 */
final class BitReader {

  private byte[] data;
  private int position;

  void reset(byte[] bytes, int bitPosition) {
    this.data = bytes;
    this.position = bitPosition;
  }

  int position() {
    return position;
  }

  int read(int bits) {
    if (bits == 0) {
      return 0;
    }
    int at = position >>> 3;
    int word =
        ((data[at] & 0xff) << 24)
            | ((data[at + 1] & 0xff) << 16)
            | ((data[at + 2] & 0xff) << 8)
            | (data[at + 3] & 0xff);
    int value = (word << (position & 7)) >>> (32 - bits);
    position += bits;
    return value;
  }

  boolean readFlag() {
    return read(1) != 0;
  }
}
