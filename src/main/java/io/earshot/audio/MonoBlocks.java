package io.earshot.audio;

import java.io.Closeable;
import java.io.IOException;

/**
 * A recording's audio as mono at its own rate, a block at a time, each sample as {@link
 * MonoSink#clean} keeps it: what a {@link FormatReader} decodes whole, read as it is needed.
 */
interface MonoBlocks extends Closeable {

  int sampleRate();

  /** Channels before mixing. */
  int channels();

  /** Frames the header declares, or -1 when it does not say. */
  long declaredFrames();

  /** The decoder's name, as in {@link DecodedAudio#decoder()}. */
  String decoder();

  /** False when the recording was decoded whole and is only handed out in blocks. */
  boolean streamed();

  /**
   * Fills {@code out} as far as it can within the budget; returns the count (0 only for an empty
   * {@code out}), or -1 at the end.
   */
  int read(float[] out, DecodeBudget budget) throws IOException, AudioDecodeException;
}
