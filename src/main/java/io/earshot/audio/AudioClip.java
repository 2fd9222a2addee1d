package io.earshot.audio;

/**
 * Mono audio ready for analysis: samples in [-1, 1] at {@link #sampleRate()}.
 *
 * <p>The array is owned by the clip once constructed; callers must not mutate it.
 */
public record AudioClip(float[] samples, int sampleRate) {

  /** Every clip that reaches feature extraction is at this rate. */
  public static final int ANALYSIS_RATE = 22_050;

  public AudioClip {
    if (samples == null) {
      throw new IllegalArgumentException("samples must not be null");
    }
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sampleRate must be positive, was " + sampleRate);
    }
  }

  public double durationSeconds() {
    return (double) samples.length / sampleRate;
  }
}
