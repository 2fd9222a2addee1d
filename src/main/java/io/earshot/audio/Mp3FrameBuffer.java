package io.earshot.audio;

import javazoom.jl.decoder.Obuffer;

/**
 * Receives one decoded MP3 frame from JLayer's synthesis filter as floats, one array per channel.
 * JLayer's own {@code SampleBuffer} rounds every sample to a 16-bit short and interleaves the
 * channels, which {@link Mp3Reader} would then undo; keeping the floats skips both passes (about a
 * fifth of the decode time) and the 16-bit rounding.
 */
final class Mp3FrameBuffer extends Obuffer {

  /** The longest frame: MPEG-1 layer III, 1152 samples per channel. */
  private static final int MAX_FRAME = 1152;

  private final float[][] channels = new float[MAXCHANNELS][MAX_FRAME];
  private final int[] lengths = new int[MAXCHANNELS];

  float[] channel(int channel) {
    return channels[channel];
  }

  /** Samples per channel in this frame: the shortest channel, should a damaged frame differ. */
  int frameLength(int channelCount) {
    int length = lengths[0];
    for (int c = 1; c < channelCount; c++) {
      length = Math.min(length, lengths[c]);
    }
    return length;
  }

  @Override
  public void appendSamples(int channel, float[] samples) {
    float[] target = channels[channel];
    int at = lengths[channel];
    int count = Math.min(samples.length, MAX_FRAME - at);
    System.arraycopy(samples, 0, target, at, count);
    lengths[channel] = at + count;
  }

  @Override
  public void append(int channel, short value) {
    if (lengths[channel] < MAX_FRAME) {
      channels[channel][lengths[channel]++] = value;
    }
  }

  @Override
  public void clear_buffer() {
    java.util.Arrays.fill(lengths, 0);
  }

  @Override
  public void write_buffer(int value) {
    // Nothing to flush: Mp3Reader reads the arrays after each frame.
  }

  @Override
  public void close() {
    // Holds no resources.
  }

  @Override
  public void set_stop_flag() {
    // Decoding stops between frames, in Mp3Reader.
  }
}
