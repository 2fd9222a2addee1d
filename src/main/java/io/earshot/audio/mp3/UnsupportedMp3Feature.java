package io.earshot.audio.mp3;

/**
 * The stream uses a part of the standard this decoder leaves to JLayer (free format, intensity
 * stereo, mixed blocks); the caller decodes the whole file with JLayer instead.
 */
public final class UnsupportedMp3Feature extends Exception {

  private static final long serialVersionUID = 1L;

  UnsupportedMp3Feature(String feature) {
    super(feature, null, false, false);
  }
}
