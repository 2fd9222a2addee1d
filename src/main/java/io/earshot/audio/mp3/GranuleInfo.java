package io.earshot.audio.mp3;

/** Side information of one channel in one granule (ISO/IEC 11172-3, 2.4.1.7). */
final class GranuleInfo {
  int part23Length;
  int bigValues;
  int globalGain;
  int scalefacCompress;
  boolean windowSwitching;

  /** 0 normal, 1 start, 2 short, 3 stop; always 0 without window switching. */
  int blockType;

  boolean mixedBlock;
  final int[] tableSelect = new int[3];
  final int[] subblockGain = new int[3];
  int region0Count;
  int region1Count;
  boolean preflag;
  boolean scalefacScale;
  int count1Table;

  boolean isShort() {
    return blockType == 2;
  }

  void read(BitReader in, boolean mpeg1) {
    part23Length = in.read(12);
    bigValues = Math.min(in.read(9), 288);
    globalGain = in.read(8);
    scalefacCompress = in.read(mpeg1 ? 4 : 9);
    windowSwitching = in.readFlag();
    if (windowSwitching) {
      blockType = in.read(2);
      mixedBlock = in.readFlag();
      tableSelect[0] = in.read(5);
      tableSelect[1] = in.read(5);
      tableSelect[2] = 0;
      for (int w = 0; w < 3; w++) {
        subblockGain[w] = in.read(3);
      }
      region0Count = blockType == 2 && !mixedBlock ? 8 : 7;
      region1Count = 20 - region0Count;
    } else {
      blockType = 0;
      mixedBlock = false;
      for (int r = 0; r < 3; r++) {
        tableSelect[r] = in.read(5);
      }
      region0Count = in.read(4);
      region1Count = in.read(3);
    }
    preflag = mpeg1 && in.readFlag();
    scalefacScale = in.readFlag();
    count1Table = in.read(1);
  }

  /** First line of region 1 of the big values (regions choose their Huffman table). */
  int region1Start(int rateIndex) {
    if (isShort()) {
      return 3 * Layer3Tables.SHORT_BANDS[rateIndex][3];
    }
    return Layer3Tables.LONG_BANDS[rateIndex][Math.min(region0Count + 1, 22)];
  }

  int region2Start(int rateIndex) {
    if (isShort()) {
      return 576;
    }
    return Layer3Tables.LONG_BANDS[rateIndex][Math.min(region0Count + region1Count + 2, 22)];
  }
}
