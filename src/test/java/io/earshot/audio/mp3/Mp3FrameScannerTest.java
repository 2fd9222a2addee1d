package io.earshot.audio.mp3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frame walking over made-up files: frames are a header and zeros, junk is anything else. */
class Mp3FrameScannerTest {

  /** MPEG-1 layer III, 128 kb/s, 44.1 kHz, no padding, mono: 417 bytes. */
  private static final int[] HEADER_44100 = {0xff, 0xfb, 0x90, 0xc4};

  private static final int BYTES_44100 = 417;

  /** The same at 48 kHz: 384 bytes. */
  private static final int[] HEADER_48000 = {0xff, 0xfb, 0x94, 0xc4};

  private static final int BYTES_48000 = 384;

  /** MPEG-1 layer II, 128 kb/s, 44.1 kHz, mono: 417 bytes. */
  private static final int[] HEADER_LAYER2 = {0xff, 0xfd, 0x90, 0xc4};

  @Test
  void walksBackToBackFrames() {
    File file = new File().frame().frame().frame();

    assertEquals(file.frames, scan(file.bytes(), 0));
  }

  @Test
  void firstFrameOfAnId3TaggedFileIsAtTheTagsEnd() {
    File file = new File();
    file.bytes('I', 'D', '3', 3, 0, 0, 0, 0, 2, 44); // ID3v2.3, 300 bytes after the header
    file.bytes('T', 'I', 'T', '2', 0, 0, 0, 10, 0, 0, 0, 'a', ' ', 't', 'i', 't', 'l', 'e');
    file.bytes(0xff, 0xfb, 0x90, 0xc4); // a sync pattern inside the tag
    file.zeros(300 - 22);
    assertEquals(310, file.size());
    file.frame().frame().frame();

    assertEquals(List.of(310, 310 + 417, 310 + 2 * 417), scan(file.bytes(), 0));
    assertEquals(file.frames, scan(file.bytes(), 310));
  }

  @Test
  void straySyncPatternBeforeTheFirstFrameIsSkipped() {
    File file = new File().bytes(1, 2, 3).bytes(HEADER_44100).zeros(100).frame().frame();

    assertEquals(file.frames, scan(file.bytes(), 0));
  }

  @Test
  void straySyncPatternBetweenFramesIsSkipped() {
    File file = new File().frame().frame();
    file.bytes(1, 2, 3).bytes(HEADER_44100).zeros(100); // its length points into the next frame
    file.frame().frame();

    assertEquals(file.frames, scan(file.bytes(), 0));
  }

  @Test
  void framesOfAnotherRateOrLayerAfterTheFirstAreSkipped() {
    File file = new File().frame().frame();
    file.bytes(HEADER_48000).zeros(BYTES_48000 - 4);
    file.frame().frame();
    file.bytes(HEADER_LAYER2).zeros(BYTES_44100 - 4);
    file.frame().frame();

    assertEquals(file.frames, scan(file.bytes(), 0));
  }

  @Test
  void frameCutShortByTheEndOfTheFileEndsTheWalk() {
    File file = new File().frame().frame();
    file.bytes(HEADER_44100).zeros(200);

    assertEquals(file.frames, scan(file.bytes(), 0));
  }

  @Test
  void lonelySyncPatternIsNoStream() {
    byte[] junk = new File().zeros(50).bytes(HEADER_44100).zeros(600).bytes();

    assertEquals(List.of(), scan(junk, 0));
  }

  private static List<Integer> scan(byte[] data, int from) {
    Mp3FrameScanner scanner = new Mp3FrameScanner(data, from);
    List<Integer> offsets = new ArrayList<>();
    for (MpegAudioHeader header = scanner.next(); header != null; header = scanner.next()) {
      assertEquals(44_100, header.sampleRate());
      assertEquals(BYTES_44100, header.frameBytes());
      offsets.add(scanner.offset());
    }
    return offsets;
  }

  /** A file being made, which remembers where its 44.1 kHz frames start. */
  private static final class File {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final List<Integer> frames = new ArrayList<>();

    File frame() {
      frames.add(out.size());
      return bytes(HEADER_44100).zeros(BYTES_44100 - 4);
    }

    File bytes(int... values) {
      for (int v : values) {
        out.write(v);
      }
      return this;
    }

    File zeros(int count) {
      out.write(new byte[count], 0, count);
      return this;
    }

    int size() {
      return out.size();
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
