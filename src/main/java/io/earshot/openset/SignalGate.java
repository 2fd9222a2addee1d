package io.earshot.openset;

/**
 * Decides whether a clip holds any sound at all, before a model is asked: a clip whose loudest
 * frame stays under the floor is silent.
 *
 * <p>Levels are RMS over frames of {@link #FRAME} samples, in dB relative to a full-scale square
 * wave (a full-scale sine is -3 dBFS). Judging the loudest frame, not the whole clip, keeps a short
 * distant call in a quiet field recording above the floor while digital silence, dither and the
 * self-noise of an idle input stay below it.
 *
 * @param floorDbfs a clip whose loudest frame is below this level is silent
 */
public record SignalGate(double floorDbfs) {

  /** 1024 samples: 46 ms at 22.05 kHz, short enough to catch a click or a single call. */
  public static final int FRAME = 1024;

  /**
   * Default floor. 16-bit dither sits near -101 dBFS and the self-noise of a quiet recorder input
   * near -90 to -80 dBFS; a faint call that a person can hear in a recording peaks well above -60
   * dBFS.
   */
  public static final double DEFAULT_FLOOR_DBFS = -70;

  public SignalGate {
    if (!(floorDbfs < 0)) {
      throw new IllegalArgumentException(
          "silence_floor_dbfs must be a negative level in dBFS, got " + floorDbfs);
    }
  }

  public boolean isSilent(double loudestFrameDbfs) {
    return loudestFrameDbfs < floorDbfs;
  }

  /**
   * The level of the loudest frame (frames do not overlap; a last partial frame counts when it is
   * at least a quarter frame long, or when it is the whole clip). Negative infinity for digital
   * silence and for an empty clip.
   */
  public static double loudestFrameDbfs(float[] samples) {
    return loudestFrameDbfs(samples, 0, samples.length);
  }

  /**
   * The same for the stretch [from, from + length) of {@code samples} (a window of a recording).
   */
  public static double loudestFrameDbfs(float[] samples, int from, int length) {
    double loudest = 0;
    int stop = from + length;
    for (int start = from; start < stop; start += FRAME) {
      int end = Math.min(stop, start + FRAME);
      int n = end - start;
      if (n < FRAME / 4 && start > from) {
        break;
      }
      loudest = Math.max(loudest, meanPower(samples, start, end));
    }
    return loudest == 0 ? Double.NEGATIVE_INFINITY : 10 * Math.log10(loudest);
  }

  /**
   * The part of [from, from + length) between its first and last frame at or above this gate's
   * floor, widened to at least {@code minLength} samples (around it, inside the stretch); the whole
   * stretch when no frame rises above the floor. Returns {start, length}.
   */
  public int[] activeSpan(float[] samples, int from, int length, int minLength) {
    int first = -1;
    int last = -1;
    double floorPower = Math.pow(10, floorDbfs / 10);
    for (int start = from; start < from + length; start += FRAME) {
      int end = Math.min(from + length, start + FRAME);
      if (meanPower(samples, start, end) >= floorPower) {
        if (first < 0) {
          first = start;
        }
        last = end;
      }
    }
    if (first < 0) {
      return new int[] {from, length};
    }
    int want = Math.min(length, minLength);
    if (last - first < want) {
      first = Math.max(from, first - (want - (last - first)) / 2);
      last = Math.min(from + length, first + want);
      first = last - want;
    }
    return new int[] {first, last - first};
  }

  /**
   * Mean square of samples [start, end), in four running sums: one sum waits on each addition
   * before the next (a double sum may not be reordered), four keep the adder busy. Every clip and
   * every request pays for this pass.
   */
  private static double meanPower(float[] samples, int start, int end) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = start;
    for (; i + 3 < end; i += 4) {
      s0 += (double) samples[i] * samples[i];
      s1 += (double) samples[i + 1] * samples[i + 1];
      s2 += (double) samples[i + 2] * samples[i + 2];
      s3 += (double) samples[i + 3] * samples[i + 3];
    }
    for (; i < end; i++) {
      s0 += (double) samples[i] * samples[i];
    }
    return (s0 + s1 + s2 + s3) / (end - start);
  }
}
