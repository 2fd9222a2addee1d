package io.earshot.audio;

import io.earshot.audio.AudioDecodeException.Reason;

/** Decodes one container format to mono at the source rate, within a {@link DecodeBudget}. */
interface FormatReader {

  /** Source rates accepted; outside this a header is taken to be corrupt. */
  int MIN_SAMPLE_RATE = 4_000;

  int MAX_SAMPLE_RATE = 192_000;

  int MAX_CHANNELS = 64;

  /**
   * Decodes the whole file. Implementations may throw unchecked exceptions on malformed input; the
   * loader turns those into {@link AudioDecodeException.Reason#UNDECODABLE}.
   */
  DecodedAudio read(byte[] bytes, DecodeBudget budget) throws AudioDecodeException;

  /** Rejects headers whose rate or channel count no real recording has. */
  static void checkStream(String format, long sampleRate, long channels)
      throws AudioDecodeException {
    if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
      throw undecodable(
          format,
          "sample rate "
              + sampleRate
              + " Hz is outside the supported "
              + MIN_SAMPLE_RATE
              + "-"
              + MAX_SAMPLE_RATE
              + " Hz");
    }
    if (channels < 1 || channels > MAX_CHANNELS) {
      throw undecodable(format, channels + " channels is outside the supported 1-" + MAX_CHANNELS);
    }
  }

  static AudioDecodeException undecodable(String format, String detail) {
    return undecodable(format, detail, null);
  }

  static AudioDecodeException undecodable(String format, String detail, Throwable cause) {
    return new AudioDecodeException(
        Reason.UNDECODABLE,
        format
            + " data could not be decoded: "
            + detail
            + "; the file may be truncated or corrupt, re-export it and try again",
        cause);
  }
}
