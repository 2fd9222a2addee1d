package io.earshot.audio;

import io.earshot.audio.mp3.MpegAudioHeader;

/**
 * Encoder delay and padding from the Xing/Info frame that LAME and ffmpeg write first in an MP3.
 * Without them a decoded clip starts with about 50 ms of silence (the Info frame, the encoder's
 * delay and the decoder's filter-bank delay) and ends with padding.
 *
 * @param hasInfoFrame the first frame is an Info/Xing frame: metadata, not audio
 * @param startTrim samples to drop from the decoder's output after the Info frame
 * @param endPadding samples of encoder padding at the end
 */
record Mp3Gapless(boolean hasInfoFrame, int startTrim, int endPadding) {

  /** What a standard MPEG audio decoder's synthesis filter bank adds in front. */
  static final int DECODER_DELAY = 529;

  static final Mp3Gapless NONE = new Mp3Gapless(false, 0, 0);

  /** Samples to drop at the end: the padding, less the decoder delay already counted in front. */
  int endTrim() {
    return Math.max(0, endPadding - DECODER_DELAY);
  }

  static Mp3Gapless parse(byte[] b) {
    int frame = AudioFormat.id3v2Length(b);
    if (!MpegAudioHeader.isSync(b, frame)) {
      return NONE;
    }
    int sideInfo = MpegAudioHeader.sideInfoBytes(b, frame);
    // Right after the side information counted from the header's end, with or without a CRC: LAME
    // writes it there for -p too (the CRC takes 2 of those bytes), and mpg123 and FFmpeg read it
    // there.
    int tag = frame + 4 + sideInfo;
    if (!AudioFormat.startsWith(b, tag, "Xing") && !AudioFormat.startsWith(b, tag, "Info")) {
      return NONE;
    }
    if (tag + 8 > b.length) {
      return new Mp3Gapless(true, 0, 0);
    }
    long flags = Chunks.u32be(b, tag + 4);
    int lame =
        tag
            + 8
            + ((flags & 1) != 0 ? 4 : 0)
            + ((flags & 2) != 0 ? 4 : 0)
            + ((flags & 4) != 0 ? 100 : 0)
            + ((flags & 8) != 0 ? 4 : 0);
    boolean hasEncoderTag =
        AudioFormat.startsWith(b, lame, "LAME")
            || AudioFormat.startsWith(b, lame, "Lavc")
            || AudioFormat.startsWith(b, lame, "Lavf");
    if (!hasEncoderTag || lame + 24 > b.length) {
      return new Mp3Gapless(true, 0, 0);
    }
    int delay = ((b[lame + 21] & 0xff) << 4) | ((b[lame + 22] & 0xff) >> 4);
    int padding = ((b[lame + 22] & 0x0f) << 8) | (b[lame + 23] & 0xff);
    return new Mp3Gapless(true, delay + DECODER_DELAY, padding);
  }
}
