package io.earshot.audio;

import static io.earshot.audio.FormatReader.undecodable;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * FLAC through jFLAC ({@link FlacFrames}), frame by frame so that the duration limit and time
 * budget are checked between frames. An ID3v2 tag in front of the stream (some taggers write one)
 * is skipped.
 *
 * <p>Metadata blocks are walked here, not by jFLAC: its parsers trust declared counts (a damaged
 * Vorbis comment block made it loop for billions of iterations), and only STREAMINFO is needed.
 * jFLAC sees "fLaC", STREAMINFO marked as the last block, then the audio frames.
 */
final class FlacReader implements FormatReader {

  private static final int STREAMINFO = 0;
  private static final int STREAMINFO_BYTES = 34;
  private static final int MAX_BLOCKS = 1024;

  /**
   * What precedes the audio frames, as jFLAC is to see it.
   *
   * @param header "fLaC" and the STREAMINFO block alone, its total sample count cleared
   * @param declaredFrames the total STREAMINFO gave (0 when the encoder did not know it)
   * @param audioStart file offset of the first audio frame
   */
  record Head(byte[] header, long declaredFrames, long audioStart) {

    /** jFLAC's input: the header, then the audio frames. */
    InputStream withAudio(InputStream audio) {
      return new SequenceInputStream(new ByteArrayInputStream(header), audio);
    }
  }

  @Override
  public DecodedAudio read(byte[] bytes, DecodeBudget budget) throws AudioDecodeException {
    Head head = locate(bytes, bytes.length);
    int start = (int) head.audioStart();
    FlacFrames frames =
        FlacFrames.open(
            head.withAudio(new ByteArrayInputStream(bytes, start, bytes.length - start)), budget);
    MonoSink sink = new MonoSink(frames.sampleRate(), budget, head.declaredFrames());
    float[] frame = new float[FlacFrames.MAX_FRAME];
    for (int n = frames.next(frame); n >= 0; n = frames.next(frame)) {
      sink.reserve(n);
      for (int i = 0; i < n; i++) {
        sink.put(frame[i]);
      }
    }
    return new DecodedAudio(sink.toArray(), frames.sampleRate(), frames.channels(), "flac");
  }

  /**
   * Walks the metadata at the start of a file ({@code bytes}, or its first part) whose full length
   * is {@code fileLength}; the blocks up to STREAMINFO must lie in {@code bytes}.
   */
  static Head locate(byte[] bytes, long fileLength) throws AudioDecodeException {
    int start = AudioFormat.id3v2Length(bytes);
    if (start + 8 > bytes.length || !AudioFormat.startsWith(bytes, start, "fLaC")) {
      throw undecodable("FLAC", "no FLAC stream marker");
    }
    int streamInfoAt = -1;
    long pos = start + 4L;
    boolean last = false;
    for (int blocks = 0; !last && blocks < MAX_BLOCKS; blocks++) {
      if (pos + 4 > bytes.length) {
        throw undecodable("FLAC", "the file ends inside its metadata");
      }
      int at = (int) pos;
      int type = bytes[at] & 0x7f;
      last = (bytes[at] & 0x80) != 0;
      int length = (int) (Chunks.u32be(bytes, at) & 0xffffff);
      if (type == STREAMINFO && length == STREAMINFO_BYTES && streamInfoAt < 0) {
        streamInfoAt = at + 4;
      }
      pos += 4 + length;
    }
    if (streamInfoAt < 0 || streamInfoAt + STREAMINFO_BYTES > bytes.length) {
      throw undecodable("FLAC", "no complete STREAMINFO block");
    }
    byte[] header = new byte[4 + 4 + STREAMINFO_BYTES];
    System.arraycopy(bytes, start, header, 0, 4); // "fLaC"
    header[4] = (byte) 0x80; // STREAMINFO, last metadata block
    header[7] = STREAMINFO_BYTES;
    System.arraycopy(bytes, streamInfoAt, header, 8, STREAMINFO_BYTES);
    long declaredFrames = ((header[8 + 13] & 0x0fL) << 32) | Chunks.u32be(header, 8 + 14);
    // Total samples "unknown": once past a declared total jFLAC stops searching for frame sync
    // and retries the same bad header forever, so it must not know the total.
    header[8 + 13] &= (byte) 0xf0;
    java.util.Arrays.fill(header, 8 + 14, 8 + 18, (byte) 0);
    return new Head(header, declaredFrames, Math.min(pos, fileLength));
  }
}
