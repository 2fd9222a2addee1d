package io.earshot.audio.mp3;

/**
 * Walks the layer III frames of a file. A frame found by skipping bytes (the first one, or one
 * after junk) must be followed by a frame of the same stream (or end the file), so a stray sync
 * pattern in a tag or in junk is not taken for audio; a frame right after the previous one is taken
 * as it is. Later frames must match the first one's version and sample rate. Junk between frames is
 * skipped, and a frame cut short by the end of the file ends the walk.
 */
public final class Mp3FrameScanner {

  private final byte[] data;
  private int position;
  private int offset = -1;
  private MpegAudioHeader first;

  public Mp3FrameScanner(byte[] data, int from) {
    this.data = data;
    this.position = from;
  }

  /** The next frame, or null at the end of the data. */
  public MpegAudioHeader next() {
    int expected = first == null ? -1 : position;
    while (position + 4 <= data.length) {
      MpegAudioHeader header = headerAt(position);
      if (header != null
          && position + header.frameBytes() <= data.length
          && (first == null || header.sameStream(first))
          && (position == expected || confirmed(header, position))) {
        if (first == null) {
          first = header;
        }
        offset = position;
        position += header.frameBytes();
        return header;
      }
      position++;
    }
    return null;
  }

  /** Where the frame last returned by {@link #next()} starts. */
  public int offset() {
    return offset;
  }

  private boolean confirmed(MpegAudioHeader header, int at) {
    int following = at + header.frameBytes();
    if (following + 4 > data.length) {
      return true;
    }
    MpegAudioHeader next = headerAt(following);
    return next != null && next.sameStream(header);
  }

  /** A walkable layer III header; free-format frames have no length in the header, so none. */
  private MpegAudioHeader headerAt(int at) {
    try {
      return MpegAudioHeader.parse(data, at);
    } catch (UnsupportedMp3Feature freeFormat) {
      return null;
    }
  }
}
