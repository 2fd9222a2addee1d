package io.earshot.audio.mp3;

/**
 * The 4-byte header of one MPEG audio layer III frame.
 *
 * @param mpeg1 MPEG-1 (two granules per frame); otherwise MPEG-2 or 2.5 (one granule, "LSF")
 * @param rateIndex 0-8: MPEG-1 44.1/48/32 kHz, MPEG-2 22.05/24/16 kHz, MPEG-2.5 11.025/12/8 kHz
 * @param mode 0 stereo, 1 joint stereo, 2 dual channel, 3 mono
 * @param modeExtension joint stereo: bit 1 mid/side, bit 0 intensity
 * @param frameBytes the whole frame, header included
 */
public record MpegAudioHeader(
    boolean mpeg1,
    int rateIndex,
    int sampleRate,
    boolean crc,
    int mode,
    int modeExtension,
    int frameBytes) {

  private static final int[] SAMPLE_RATES = {
    44_100, 48_000, 32_000, 22_050, 24_000, 16_000, 11_025, 12_000, 8_000
  };
  private static final int[] KBPS_MPEG1 = {
    0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320
  };
  private static final int[] KBPS_LSF = {
    0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160
  };

  static final int MONO = 3;
  static final int JOINT_STEREO = 1;

  /**
   * Whether a plausible MPEG-1/2/2.5 layer I-III frame header starts at {@code at}: the sync
   * pattern and no reserved or invalid field. Format detection and the frame walk both use it.
   */
  public static boolean isSync(byte[] b, int at) {
    if (at < 0 || at + 4 > b.length) {
      return false;
    }
    int b1 = b[at + 1] & 0xff;
    int b2 = b[at + 2] & 0xff;
    boolean sync = (b[at] & 0xff) == 0xff && (b1 & 0xe0) == 0xe0;
    int version = (b1 >> 3) & 0x03; // 01 is reserved
    int layer = (b1 >> 1) & 0x03; // 00 is reserved (and is how AAC ADTS starts)
    int bitrateIndex = b2 >> 4; // 1111 is invalid
    int rateIndex = (b2 >> 2) & 0x03; // 11 is reserved
    return sync && version != 1 && layer != 0 && bitrateIndex != 0x0f && rateIndex != 0x03;
  }

  /** Whether the frame at {@code at} is layer III. */
  public static boolean isLayer3(byte[] b, int at) {
    return isSync(b, at) && ((b[at + 1] >> 1) & 3) == 1;
  }

  /**
   * The layer III header at {@code at}, or null when there is none.
   *
   * @throws UnsupportedMp3Feature for free-format streams (no bit rate in the header)
   */
  public static MpegAudioHeader parse(byte[] b, int at) throws UnsupportedMp3Feature {
    if (!isLayer3(b, at)) {
      return null;
    }
    int version = (b[at + 1] >> 3) & 3; // 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5
    boolean mpeg1 = version == 3;
    int bitrateIndex = (b[at + 2] >> 4) & 0xf;
    if (bitrateIndex == 0) {
      throw new UnsupportedMp3Feature("free-format bit rate");
    }
    int rateIndex = (b[at + 2] >> 2) & 3;
    rateIndex += mpeg1 ? 0 : (version == 2 ? 3 : 6);
    int sampleRate = SAMPLE_RATES[rateIndex];
    int padding = (b[at + 2] >> 1) & 1;
    int kbps = (mpeg1 ? KBPS_MPEG1 : KBPS_LSF)[bitrateIndex];
    int frameBytes = (mpeg1 ? 144_000 : 72_000) * kbps / sampleRate + padding;
    return new MpegAudioHeader(
        mpeg1,
        rateIndex,
        sampleRate,
        (b[at + 1] & 1) == 0,
        (b[at + 3] >> 6) & 3,
        (b[at + 3] >> 4) & 3,
        frameBytes);
  }

  public int channels() {
    return mode == MONO ? 1 : 2;
  }

  int granules() {
    return mpeg1 ? 2 : 1;
  }

  /** Output samples (per channel) of one frame. */
  public int samplesPerFrame() {
    return 576 * granules();
  }

  int sideInfoBytes() {
    return sideInfoBytes(mpeg1, mode == MONO);
  }

  /**
   * Layer III side-information bytes of the frame whose (synced) header is at {@code at}, read from
   * the version and mode bits alone, so it also serves free-format frames, which {@link #parse}
   * refuses.
   */
  public static int sideInfoBytes(byte[] b, int at) {
    return sideInfoBytes(((b[at + 1] >> 3) & 3) == 3, ((b[at + 3] >> 6) & 3) == MONO);
  }

  private static int sideInfoBytes(boolean mpeg1, boolean mono) {
    return mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17);
  }

  /** Bytes before the main data: header, CRC and side information. */
  int headerAndSideInfoBytes() {
    return 4 + (crc ? 2 : 0) + sideInfoBytes();
  }

  /** Whether {@code other} belongs to the same stream (a resync must not latch onto noise). */
  boolean sameStream(MpegAudioHeader other) {
    return mpeg1 == other.mpeg1 && rateIndex == other.rateIndex;
  }
}
