package io.earshot.audio.mp3;

import java.util.Arrays;

/**
 * Decodes a layer III stream frame by frame to mono: the channels are mixed (averaged) in the
 * frequency domain where they share a block type, so a stereo frame costs one hybrid and one
 * synthesis filter bank, and with mid/side stereo the side channel, which cancels in the mix, is
 * not decoded at all. One instance per stream; not thread-safe.
 */
public final class Layer3Decoder {

  /**
   * Main data is at most 511 bytes back plus one frame (at most 1441 bytes). The rest is slack so
   * that damaged side information, which can send the reader up to about 4 KB past the data, never
   * reads outside the array.
   */
  private static final int RESERVOIR_CAPACITY = 16_384;

  private static final int COMPACT_ABOVE = 4_096;
  private static final int MAX_MAIN_DATA_BEGIN = 511;

  private static final int[] SLEN1 = {0, 0, 0, 0, 3, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4};
  private static final int[] SLEN2 = {0, 1, 2, 3, 0, 1, 2, 3, 1, 2, 3, 1, 2, 3, 2, 3};

  /** MPEG-1 long-block scale factor groups that scfsi can carry over from granule 0. */
  private static final int[] SCFSI_GROUPS = {0, 6, 11, 16, 21};

  /**
   * MPEG-2 scale factors per partition (ISO/IEC 13818-3 Table B.2), for the three non-intensity
   * compressions, long then short blocks.
   */
  private static final int[][][] LSF_PARTITIONS = {
    {{6, 5, 5, 5}, {9, 9, 9, 9}},
    {{6, 5, 7, 3}, {9, 9, 12, 6}},
    {{11, 10, 0, 0}, {18, 18, 0, 0}}
  };

  private static final float HALF = 0.5f;
  private static final float SQRT_HALF = (float) Math.sqrt(0.5);

  private final byte[] reservoir = new byte[RESERVOIR_CAPACITY];
  private int reservoirSize;
  private final byte[] sideInfo = new byte[40];
  private final BitReader bits = new BitReader();
  private final GranuleInfo[][] granules = {
    {new GranuleInfo(), new GranuleInfo()}, {new GranuleInfo(), new GranuleInfo()}
  };
  private final boolean[][] scfsi = new boolean[2][4];
  private final int[][] longScalefactors = new int[2][22];
  private final int[][] shortScalefactors = new int[2][39];
  private final int[] quantised = new int[580];
  private final float[][] spectrum = new float[2][576];
  private final int[] lines = new int[2];
  private final float[] subbands = new float[576];
  private final int[] lsfSlen = new int[4];
  private final Hybrid hybrid = new Hybrid();
  private final SynthesisFilterbank synthesis = new SynthesisFilterbank();
  private int mainDataBegin;

  /**
   * Decodes the frame at {@code offset} (the whole frame must be in {@code data}) into {@code
   * header.samplesPerFrame()} mono samples at {@code pcm[0..]}, full scale 1. A frame whose main
   * data begins in frames this decoder has not seen, or whose side information is damaged, comes
   * out as silence.
   */
  public void decodeFrame(MpegAudioHeader header, byte[] data, int offset, float[] pcm)
      throws UnsupportedMp3Feature {
    int sideInfoAt = offset + 4 + (header.crc() ? 2 : 0);
    int sideInfoBytes = header.sideInfoBytes();
    Arrays.fill(sideInfo, (byte) 0);
    System.arraycopy(data, sideInfoAt, sideInfo, 0, sideInfoBytes);
    readSideInfo(header);
    checkSupported(header);

    int mainAt = offset + header.headerAndSideInfoBytes();
    int mainBytes = header.frameBytes() - header.headerAndSideInfoBytes();
    if (reservoirSize > COMPACT_ABOVE) {
      int keep = Math.min(reservoirSize, MAX_MAIN_DATA_BEGIN);
      System.arraycopy(reservoir, reservoirSize - keep, reservoir, 0, keep);
      reservoirSize = keep;
    }
    boolean available = mainDataBegin <= reservoirSize && mainBytes >= 0;
    int mainStart = reservoirSize - mainDataBegin;
    if (mainBytes > 0) {
      System.arraycopy(data, mainAt, reservoir, reservoirSize, mainBytes);
      reservoirSize += mainBytes;
    }
    if (!available) {
      Arrays.fill(pcm, 0, header.samplesPerFrame(), 0f);
      return;
    }
    int position = mainStart * 8;
    for (int gr = 0; gr < header.granules(); gr++) {
      position = decodeGranule(header, gr, position, pcm, gr * 576);
    }
  }

  private void readSideInfo(MpegAudioHeader header) {
    bits.reset(sideInfo, 0);
    int channels = header.channels();
    if (header.mpeg1()) {
      mainDataBegin = bits.read(9);
      bits.read(channels == 1 ? 5 : 3); // private bits
      for (int ch = 0; ch < channels; ch++) {
        for (int group = 0; group < 4; group++) {
          scfsi[ch][group] = bits.readFlag();
        }
      }
    } else {
      mainDataBegin = bits.read(8);
      bits.read(channels == 1 ? 1 : 2);
    }
    for (int gr = 0; gr < header.granules(); gr++) {
      for (int ch = 0; ch < channels; ch++) {
        granules[gr][ch].read(bits, header.mpeg1());
      }
    }
  }

  private void checkSupported(MpegAudioHeader header) throws UnsupportedMp3Feature {
    boolean jointStereo = header.mode() == MpegAudioHeader.JOINT_STEREO;
    if (jointStereo && (header.modeExtension() & 1) != 0) {
      throw new UnsupportedMp3Feature("intensity stereo");
    }
    for (int gr = 0; gr < header.granules(); gr++) {
      for (int ch = 0; ch < header.channels(); ch++) {
        if (granules[gr][ch].mixedBlock) { // only ever set with window switching
          throw new UnsupportedMp3Feature("mixed blocks");
        }
      }
      if (jointStereo
          && (header.modeExtension() & 2) != 0
          && granules[gr][0].blockType != granules[gr][1].blockType) {
        throw new UnsupportedMp3Feature("mid/side stereo with different block types");
      }
    }
  }

  private int decodeGranule(MpegAudioHeader header, int gr, int position, float[] pcm, int at) {
    int channels = header.channels();
    GranuleInfo first = granules[gr][0];
    boolean midSide =
        header.mode() == MpegAudioHeader.JOINT_STEREO && (header.modeExtension() & 2) != 0;
    boolean sameBlocks = channels == 1 || first.blockType == granules[gr][1].blockType;
    // With mid/side, left + right = sqrt(2) * mid: the mix needs only the mid channel.
    int decoded = midSide ? 1 : channels;
    float scale = channels == 1 ? 1f : (midSide ? SQRT_HALF : HALF);
    int start = position;
    for (int ch = 0; ch < channels; ch++) {
      GranuleInfo g = granules[gr][ch];
      bits.reset(reservoir, start);
      readScalefactors(header, g, gr, ch);
      if (ch < decoded) {
        int quantisedLines =
            HuffmanDecoder.decode(
                reservoir,
                bits.position(),
                start + g.part23Length,
                g,
                header.rateIndex(),
                quantised);
        lines[ch] = requantise(header, g, ch, quantisedLines, scale);
      }
      start += g.part23Length;
    }
    hybrid.begin();
    if (decoded == 2 && sameBlocks) {
      float[] left = spectrum[0];
      float[] right = spectrum[1];
      int n = Math.max(lines[0], lines[1]);
      for (int i = 0; i < n; i++) {
        left[i] += right[i];
      }
      hybrid.add(left, n, first.blockType);
    } else {
      for (int ch = 0; ch < decoded; ch++) {
        hybrid.add(spectrum[ch], lines[ch], granules[gr][ch].blockType);
      }
    }
    hybrid.finish(subbands);
    synthesis.synthesize(subbands, pcm, at);
    return start;
  }

  private void readScalefactors(MpegAudioHeader header, GranuleInfo g, int gr, int ch) {
    if (header.mpeg1()) {
      readMpeg1Scalefactors(g, gr, ch);
    } else {
      readLsfScalefactors(g, ch);
    }
  }

  private void readMpeg1Scalefactors(GranuleInfo g, int gr, int ch) {
    int slen1 = SLEN1[g.scalefacCompress];
    int slen2 = SLEN2[g.scalefacCompress];
    if (g.isShort()) {
      int[] s = shortScalefactors[ch];
      for (int i = 0; i < 36; i++) {
        s[i] = bits.read(i < 18 ? slen1 : slen2);
      }
      s[36] = s[37] = s[38] = 0;
      return;
    }
    int[] l = longScalefactors[ch];
    for (int group = 0; group < 4; group++) {
      boolean carriedOver = gr == 1 && scfsi[ch][group];
      if (!carriedOver) {
        int length = group < 2 ? slen1 : slen2;
        for (int sfb = SCFSI_GROUPS[group]; sfb < SCFSI_GROUPS[group + 1]; sfb++) {
          l[sfb] = bits.read(length);
        }
      }
    }
    l[21] = 0;
  }

  /** MPEG-2/2.5 scale factors (ISO/IEC 13818-3, 2.4.3.2); intensity stereo never gets here. */
  private void readLsfScalefactors(GranuleInfo g, int ch) {
    int compress = g.scalefacCompress;
    int[] slen = lsfSlen;
    int partitionTable;
    if (compress < 400) {
      slen[0] = (compress >> 4) / 5;
      slen[1] = (compress >> 4) % 5;
      slen[2] = (compress & 15) >> 2;
      slen[3] = compress & 3;
      partitionTable = 0;
    } else if (compress < 500) {
      compress -= 400;
      slen[0] = (compress >> 2) / 5;
      slen[1] = (compress >> 2) % 5;
      slen[2] = compress & 3;
      slen[3] = 0;
      partitionTable = 1;
    } else {
      compress -= 500;
      slen[0] = compress / 3;
      slen[1] = compress % 3;
      slen[2] = 0;
      slen[3] = 0;
      partitionTable = 2;
    }
    g.preflag = partitionTable == 2;
    int[] counts = LSF_PARTITIONS[partitionTable][g.isShort() ? 1 : 0];
    int[] target = g.isShort() ? shortScalefactors[ch] : longScalefactors[ch];
    int k = 0;
    for (int p = 0; p < 4; p++) {
      for (int j = 0; j < counts[p]; j++) {
        target[k++] = bits.read(slen[p]);
      }
    }
    Arrays.fill(target, k, target.length, 0);
  }

  /**
   * Dequantises into {@code spectrum[ch]} (ISO/IEC 11172-3, 2.4.3.4.7), short blocks straight into
   * subband order, scaled by {@code scale}; returns how many lines may be non-zero.
   */
  private int requantise(MpegAudioHeader header, GranuleInfo g, int ch, int count, float scale) {
    float[] xr = spectrum[ch];
    int shift = g.scalefacScale ? 4 : 2;
    int base = g.globalGain - 210;
    float[] pow = Layer3Tables.SIGNED_POW_4_3;
    int zero = Layer3Tables.MAX_QUANTISED;
    if (!g.isShort()) {
      int[] bands = Layer3Tables.LONG_BANDS[header.rateIndex()];
      int[] sf = longScalefactors[ch];
      int i = 0;
      for (int sfb = 0; i < count; sfb++) {
        int end = Math.min(bands[sfb + 1], count);
        int pre = g.preflag ? Layer3Tables.PRETAB[sfb] : 0;
        float gain = gain(base - shift * (sf[sfb] + pre), scale);
        for (; i < end; i++) {
          xr[i] = pow[quantised[i] + zero] * gain;
        }
      }
      Arrays.fill(xr, count, 576, 0f);
      return count;
    }
    Arrays.fill(xr, 0f);
    int[] bands = Layer3Tables.SHORT_BANDS[header.rateIndex()];
    int[] sf = shortScalefactors[ch];
    int i = 0;
    int extent = 0;
    for (int sfb = 0; sfb < 13 && i < count; sfb++) {
      int width = bands[sfb + 1] - bands[sfb];
      for (int w = 0; w < 3 && i < count; w++) {
        float gain = gain(base - 8 * g.subblockGain[w] - shift * sf[sfb * 3 + w], scale);
        int to = 3 * bands[sfb] + w;
        int n = Math.min(width, count - i);
        for (int j = 0; j < n; j++) {
          xr[to + 3 * j] = pow[quantised[i++] + zero] * gain;
        }
      }
      extent = 3 * bands[sfb + 1];
    }
    return extent;
  }

  /** 2^(quarters / 4) times {@code scale}. */
  private static float gain(int quarters, float scale) {
    return Math.scalb(Layer3Tables.QUARTER_POWERS[quarters & 3], quarters >> 2) * scale;
  }
}
