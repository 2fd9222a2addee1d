package io.earshot.config;

import io.earshot.audio.CodecRoundTrip;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether augmented training variants may go through MP3 and Vorbis ({@link CodecRoundTrip}), which
 * needs {@code ffmpeg} on the PATH: {@code auto} when it is there, {@code on} always (refused at
 * start without it), {@code off} never.
 */
public enum CodecAugmentation {
  AUTO,
  ON,
  OFF;

  /**
   * From {@code auto}, {@code on} or {@code off}, in any case.
   *
   * @throws ConfigException naming the three
   */
  public static CodecAugmentation parse(String raw) {
    try {
      return valueOf(raw.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "use auto (codec variants when ffmpeg is on the PATH), on or off, not '" + raw + "'");
    }
  }

  /**
   * The round trip to use.
   *
   * @throws ConfigException for {@code on} when no ffmpeg is on the PATH
   */
  public Optional<CodecRoundTrip> codecs() {
    if (this == OFF) {
      return Optional.empty();
    }
    Optional<CodecRoundTrip> found = CodecRoundTrip.onPath();
    if (this == ON && found.isEmpty()) {
      throw new ConfigException(
          "codec augmentation is on but no ffmpeg is on the PATH: install it (apt-get install -y"
              + " ffmpeg) or set it to auto or off");
    }
    return found;
  }
}
