package io.earshot.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the frame headers and the layer III side information of a well-formed MP3 file, written
 * again here from ISO/IEC 11172-3 2.4.1 and 13818-3 (not shared with the decoder), so that tests
 * can check what a fixture holds and make damaged or altered copies of it at exact bit positions.
 */
final class Mp3Frames {

  private static final int[] KBPS_MPEG1 = {
    0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320
  };
  private static final int[] KBPS_MPEG1_LAYER2 = {
    0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384
  };
  private static final int[] KBPS_LSF = {
    0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160
  };
  private static final int[][] RATES = {
    {11_025, 12_000, 8_000}, null, {22_050, 24_000, 16_000}, {44_100, 48_000, 32_000}
  };

  private Mp3Frames() {}

  /**
   * Side information of one granule of one channel, with the absolute bit positions (in the file)
   * of the block type and the mixed-block flag when the granule switches windows.
   */
  record Granule(
      int part23Length,
      boolean windowSwitching,
      int blockType,
      boolean mixedBlock,
      int[] tableSelect,
      int blockTypeBit,
      int mixedBlockBit) {}

  /**
   * One frame.
   *
   * @param version "1", "2" or "2.5"
   * @param mode 0 stereo, 1 joint stereo, 2 dual channel, 3 mono
   * @param granules [granule][channel]; empty for layers I and II
   */
  record Frame(
      int offset,
      int bytes,
      String version,
      int layer,
      int sampleRate,
      int kbps,
      int mode,
      int modeExtension,
      boolean crc,
      int mainDataBegin,
      List<List<Granule>> granules) {

    int channels() {
      return mode == 3 ? 1 : 2;
    }

    int samples() {
      return layer == 3 && !version.equals("1") ? 576 : 1152;
    }

    boolean midSide() {
      return mode == 1 && (modeExtension & 2) != 0;
    }

    /** Main data bytes this frame carries (the frame less header, CRC and side information). */
    int mainDataBytes() {
      return bytes - 4 - (crc ? 2 : 0) - sideInfoBytes();
    }

    int sideInfoBytes() {
      boolean mono = mode == 3;
      return version.equals("1") ? (mono ? 17 : 32) : (mono ? 9 : 17);
    }

    /** Whether the frame starts with "Xing" or "Info" (LAME's metadata frame, not audio). */
    boolean isInfo(byte[] b) {
      int at = offset + 4 + (crc ? 2 : 0) + sideInfoBytes();
      String tag = new String(b, at, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      return tag.equals("Xing") || tag.equals("Info");
    }
  }

  /** Every frame from the end of a leading ID3v2 tag on, back to back, until one does not parse. */
  static List<Frame> read(byte[] b) {
    List<Frame> frames = new ArrayList<>();
    int at = AudioFormat.id3v2Length(b);
    while (at + 4 <= b.length) {
      Frame frame = frameAt(b, at);
      if (frame == null || at + frame.bytes() > b.length) {
        break;
      }
      frames.add(frame);
      at += frame.bytes();
    }
    return frames;
  }

  private static Frame frameAt(byte[] b, int at) {
    if ((b[at] & 0xff) != 0xff || (b[at + 1] & 0xe0) != 0xe0) {
      return null;
    }
    int versionBits = (b[at + 1] >> 3) & 3;
    int layer = 4 - ((b[at + 1] >> 1) & 3);
    int bitrateIndex = (b[at + 2] >> 4) & 15;
    int rateIndex = (b[at + 2] >> 2) & 3;
    if (versionBits == 1 || layer == 4 || bitrateIndex == 0 || bitrateIndex == 15) {
      return null;
    }
    if (rateIndex == 3 || (layer != 3 && layer != 2)) {
      return null;
    }
    boolean mpeg1 = versionBits == 3;
    String version = mpeg1 ? "1" : (versionBits == 2 ? "2" : "2.5");
    int rate = RATES[versionBits][rateIndex];
    boolean padding = ((b[at + 2] >> 1) & 1) != 0;
    int kbps;
    int bytes;
    if (layer == 2) {
      kbps = (mpeg1 ? KBPS_MPEG1_LAYER2 : KBPS_LSF)[bitrateIndex];
      bytes = 144_000 * kbps / rate + (padding ? 1 : 0);
    } else {
      kbps = (mpeg1 ? KBPS_MPEG1 : KBPS_LSF)[bitrateIndex];
      bytes = (mpeg1 ? 144_000 : 72_000) * kbps / rate + (padding ? 1 : 0);
    }
    boolean crc = (b[at + 1] & 1) == 0;
    int mode = (b[at + 3] >> 6) & 3;
    int modeExtension = (b[at + 3] >> 4) & 3;
    if (layer != 3) {
      return new Frame(
          at, bytes, version, layer, rate, kbps, mode, modeExtension, crc, 0, List.of());
    }
    int channels = mode == 3 ? 1 : 2;
    Bits in = new Bits(b, (at + 4 + (crc ? 2 : 0)) * 8);
    int mainDataBegin;
    if (mpeg1) {
      mainDataBegin = in.read(9);
      in.read(channels == 1 ? 5 : 3);
      in.read(4 * channels); // scfsi
    } else {
      mainDataBegin = in.read(8);
      in.read(channels);
    }
    List<List<Granule>> granules = new ArrayList<>();
    for (int gr = 0; gr < (mpeg1 ? 2 : 1); gr++) {
      List<Granule> row = new ArrayList<>();
      for (int ch = 0; ch < channels; ch++) {
        int part23 = in.read(12);
        in.read(9 + 8); // big_values, global_gain
        in.read(mpeg1 ? 4 : 9); // scalefac_compress
        boolean switching = in.read(1) != 0;
        int blockType = 0;
        boolean mixed = false;
        int blockTypeBit = -1;
        int mixedBit = -1;
        int[] tables;
        if (switching) {
          blockTypeBit = in.position;
          blockType = in.read(2);
          mixedBit = in.position;
          mixed = in.read(1) != 0;
          tables = new int[] {in.read(5), in.read(5)};
          in.read(9); // subblock gains
        } else {
          tables = new int[] {in.read(5), in.read(5), in.read(5)};
          in.read(7); // region counts
        }
        in.read(mpeg1 ? 3 : 2); // preflag (MPEG-1), scalefac_scale, count1table_select
        row.add(new Granule(part23, switching, blockType, mixed, tables, blockTypeBit, mixedBit));
      }
      granules.add(row);
    }
    return new Frame(
        at, bytes, version, 3, rate, kbps, mode, modeExtension, crc, mainDataBegin, granules);
  }

  private static final class Bits {
    private final byte[] data;
    int position;

    Bits(byte[] data, int position) {
      this.data = data;
      this.position = position;
    }

    int read(int bits) {
      int value = 0;
      for (int i = 0; i < bits; i++, position++) {
        value = (value << 1) | ((data[position >> 3] >> (7 - (position & 7))) & 1);
      }
      return value;
    }
  }
}
