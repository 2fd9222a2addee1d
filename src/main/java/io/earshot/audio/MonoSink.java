package io.earshot.audio;

import java.util.Arrays;

/**
 * Collects decoded audio as mono at the source rate. Every block is announced with {@link
 * #reserve(int)}, which enforces the duration limit before memory is taken and the time budget
 * between blocks; {@link #put(float)} then stores one already-mixed sample.
 */
final class MonoSink {

  private final DecodeBudget budget;
  private final int sampleRate;
  private final long maxFrames;
  private float[] samples;
  private int size;

  MonoSink(int sampleRate, DecodeBudget budget) {
    this(sampleRate, budget, 0);
  }

  /** {@code expectedFrames} (from a header, possibly wrong) only sizes the first allocation. */
  MonoSink(int sampleRate, DecodeBudget budget, long expectedFrames) {
    this.budget = budget;
    this.sampleRate = sampleRate;
    this.maxFrames = budget.maxFrames(sampleRate);
    long initial = Math.max(4096, Math.min(expectedFrames, Math.min(maxFrames, 1 << 22)));
    this.samples = new float[(int) initial];
  }

  void reserve(int frames) throws AudioDecodeException {
    budget.checkTime();
    long needed = (long) size + frames;
    if (needed > maxFrames) {
      throw budget.tooLongSoFar(sampleRate);
    }
    if (needed > samples.length) {
      // Grow by half: the old and new arrays coexist while copying, so doubling would briefly
      // hold three times the audio.
      long half = samples.length / 2;
      long grown = Math.max(needed, Math.min(maxFrames, samples.length + half));
      samples = Arrays.copyOf(samples, (int) grown);
    }
  }

  /** Stores one sample as {@link #clean(float)} makes it. */
  void put(float value) {
    samples[size++] = clean(value);
  }

  /**
   * A decoded sample as it is kept, here and in a streamed recording alike: NaN (hostile float
   * data) becomes silence and the rest is clipped to [-1, 1].
   */
  static float clean(float value) {
    float v = Float.isNaN(value) ? 0f : value;
    return v > 1f ? 1f : (v < -1f ? -1f : v);
  }

  /**
   * Stores {@code block[from..to)}, clipped to [-1, 1], after a {@link #reserve(int)} of at least
   * that many: copied first, then clipped in place, a loop the JIT vectorises. Unlike {@link
   * #put(float)} it does not turn NaN into silence (that test stops the vectoriser), so it is for
   * decoders whose output is finite by construction, such as MP3's sums of bounded integers.
   */
  void putFinite(float[] block, int from, int to) {
    int count = to - from;
    System.arraycopy(block, from, samples, size, count);
    clip(size, size + count);
    size += count;
  }

  private void clip(int from, int to) {
    float[] s = samples;
    for (int i = from; i < to; i++) {
      s[i] = Math.max(-1f, Math.min(1f, s[i]));
    }
  }

  /** Writes samples straight into a sink's array. */
  interface SampleWriter {
    /** Writes the block's samples to {@code into[at..]}. */
    void write(float[] into, int at);
  }

  /**
   * {@link #putFinite(float[], int, int)} for {@code count} samples that {@code writer} puts
   * straight into this sink's array (after a {@link #reserve(int)} of at least that many), which
   * spares a decoder a block of its own and the copy from it.
   */
  void putFinite(int count, SampleWriter writer) {
    writer.write(samples, size);
    clip(size, size + count);
    size += count;
  }

  /** Drops samples past {@code length} (codec padding after the real end). */
  void truncate(int length) {
    size = Math.min(size, Math.max(0, length));
  }

  int size() {
    return size;
  }

  float[] toArray() {
    return samples.length == size ? samples : Arrays.copyOf(samples, size);
  }
}
