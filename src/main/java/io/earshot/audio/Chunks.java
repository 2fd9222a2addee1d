package io.earshot.audio;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the chunks of a RIFF (WAV) or IFF (AIFF) file without trusting declared sizes: the walk is
 * bounded in count, honours the pad byte after odd-sized chunks, and reports how much of each
 * chunk's body is really present so that truncated files can still be read.
 */
final class Chunks {

  /** Real files have a handful of chunks; a hostile one must not make us loop for long. */
  static final int MAX_CHUNKS = 4096;

  /**
   * @param id four-character chunk id
   * @param bodyOffset where the chunk's body starts in the file
   * @param declaredSize body size as the header states it (unsigned 32-bit)
   * @param availableSize body bytes actually present (less than declared when truncated)
   */
  record Chunk(String id, int bodyOffset, long declaredSize, int availableSize) {}

  private Chunks() {}

  static List<Chunk> walk(byte[] b, int start, boolean bigEndian) {
    List<Chunk> chunks = new ArrayList<>();
    long pos = start;
    while (pos + 8 <= b.length && chunks.size() < MAX_CHUNKS) {
      int p = (int) pos;
      String id = new String(b, p, 4, StandardCharsets.ISO_8859_1);
      long size = bigEndian ? u32be(b, p + 4) : u32le(b, p + 4);
      int body = p + 8;
      int available = (int) Math.min(size, b.length - body);
      chunks.add(new Chunk(id, body, size, available));
      pos = body + size + (size & 1);
    }
    return chunks;
  }

  static long u32le(byte[] b, int p) {
    return (b[p] & 0xffL)
        | (b[p + 1] & 0xffL) << 8
        | (b[p + 2] & 0xffL) << 16
        | (b[p + 3] & 0xffL) << 24;
  }

  static long u32be(byte[] b, int p) {
    return (b[p] & 0xffL) << 24
        | (b[p + 1] & 0xffL) << 16
        | (b[p + 2] & 0xffL) << 8
        | (b[p + 3] & 0xffL);
  }

  static int u16le(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
  }

  static int u16be(byte[] b, int p) {
    return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
  }

  static long u64le(byte[] b, int p) {
    return u32le(b, p) | u32le(b, p + 4) << 32;
  }
}
