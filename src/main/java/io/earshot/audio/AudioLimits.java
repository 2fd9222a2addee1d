package io.earshot.audio;

/**
 * Bounds on what {@link AudioLoader} accepts, so that one hostile or oversized upload cannot take a
 * worker's memory or time.
 *
 * @param maxBytes largest encoded upload accepted, checked before decoding
 * @param maxDurationSeconds longest clip accepted; decoding stops as soon as it is exceeded
 * @param minDurationSeconds shortest clip accepted (features need at least one analysis frame)
 * @param decodeTimeBudgetMillis wall-clock time allowed for decoding and resampling one upload
 */
public record AudioLimits(
    long maxBytes,
    double maxDurationSeconds,
    double minDurationSeconds,
    long decodeTimeBudgetMillis) {

  /** One analysis frame: the feature extractor's window at the analysis rate. */
  public static final int MIN_ANALYSIS_SAMPLES = 2048;

  public AudioLimits {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    if (!(maxDurationSeconds > 0) || Double.isInfinite(maxDurationSeconds)) {
      throw new IllegalArgumentException(
          "maxDurationSeconds must be positive and finite, was " + maxDurationSeconds);
    }
    if (!(minDurationSeconds >= 0) || minDurationSeconds > maxDurationSeconds) {
      throw new IllegalArgumentException(
          "minDurationSeconds must be in [0, maxDurationSeconds], was " + minDurationSeconds);
    }
    if (decodeTimeBudgetMillis <= 0) {
      throw new IllegalArgumentException(
          "decodeTimeBudgetMillis must be positive, was " + decodeTimeBudgetMillis);
    }
  }

  /** 50 MB, 10 minutes, one analysis frame (about 0.093 s), 20 seconds of decoding. */
  public static AudioLimits defaults() {
    return new AudioLimits(
        50L * 1024 * 1024, 600.0, (double) MIN_ANALYSIS_SAMPLES / AudioClip.ANALYSIS_RATE, 20_000);
  }

  public AudioLimits withMaxBytes(long bytes) {
    return new AudioLimits(bytes, maxDurationSeconds, minDurationSeconds, decodeTimeBudgetMillis);
  }

  public AudioLimits withMaxDurationSeconds(double seconds) {
    return new AudioLimits(
        maxBytes, seconds, Math.min(minDurationSeconds, seconds), decodeTimeBudgetMillis);
  }

  public AudioLimits withDecodeTimeBudgetMillis(long millis) {
    return new AudioLimits(maxBytes, maxDurationSeconds, minDurationSeconds, millis);
  }
}
