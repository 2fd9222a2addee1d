package io.earshot.features;

/**
 * Onset strength, onset rate and tempo from the log-mel spectrogram.
 *
 * <p>Onset strength is the spectral flux: the mean over mel bands of the positive dB increase from
 * the previous frame. Tempo is the lag that maximises the autocorrelation of the (mean-removed)
 * onset strength, weighted by a log-normal prior around 120 BPM so that the usual octave ambiguity
 * (60 vs 120 vs 240) resolves toward the musically common rate, refined to a fractional lag by
 * parabolic interpolation.
 */
final class Rhythm {

  private static final int PEAK_BEFORE = 3;
  private static final int PEAK_AFTER = 1;
  private static final int AVERAGE_SPAN = 4;
  private static final float PEAK_DELTA = 0.07f;
  private static final int MIN_GAP = 3;

  private Rhythm() {}

  static void onsetEnvelope(float[] logMel, int frames, int bands, float[] out) {
    out[0] = 0;
    onsetEnvelope(logMel, 0, frames, bands, out);
  }

  /**
   * The onset envelope of frames (from, to), each against the frame before; out[from] untouched.
   */
  static void onsetEnvelope(float[] logMel, int from, int to, int bands, float[] out) {
    float scale = 1f / bands;
    int t = from + 1;
    // Four frames side by side: each frame's flux is one chain of additions (in band order, as
    // before), and four independent chains overlap instead of waiting on each other's latency.
    for (; t + 4 <= to; t += 4) {
      int row = t * bands;
      float flux0 = 0;
      float flux1 = 0;
      float flux2 = 0;
      float flux3 = 0;
      for (int m = 0; m < bands; m++) {
        int at = row + m;
        float before = logMel[at - bands];
        float mel0 = logMel[at];
        float mel1 = logMel[at + bands];
        float mel2 = logMel[at + 2 * bands];
        float mel3 = logMel[at + 3 * bands];
        flux0 += positive(mel0 - before);
        flux1 += positive(mel1 - mel0);
        flux2 += positive(mel2 - mel1);
        flux3 += positive(mel3 - mel2);
      }
      out[t] = flux0 * scale;
      out[t + 1] = flux1 * scale;
      out[t + 2] = flux2 * scale;
      out[t + 3] = flux3 * scale;
    }
    for (; t < to; t++) {
      out[t] = flux(logMel, t, bands);
    }
  }

  /** Frame t's onset strength against frame t - 1: the same chain of additions as above. */
  static float flux(float[] logMel, int t, int bands) {
    int row = t * bands;
    float flux = 0;
    for (int m = 0; m < bands; m++) {
      flux += positive(logMel[row + m] - logMel[row - bands + m]);
    }
    return flux * (1f / bands);
  }

  /**
   * A rise, or 0 for none. A select, not a branch: whether a band rises is a coin toss the
   * predictor keeps losing; adding +0 to a sum of positive terms leaves it bit for bit as it was.
   */
  private static float positive(float rise) {
    return rise > 0 ? rise : 0f;
  }

  /**
   * Counts onsets: local maxima of the min-max normalised envelope that stand {@value #PEAK_DELTA}
   * above their neighbourhood mean, at least {@value #MIN_GAP} frames apart.
   */
  static int countOnsets(float[] envelope, int frames) {
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (int t = 0; t < frames; t++) {
      min = Math.min(min, envelope[t]);
      max = Math.max(max, envelope[t]);
    }
    float range = max - min;
    if (!(range > 1e-3f)) {
      return 0;
    }
    int count = 0;
    int lastOnset = -MIN_GAP - 1;
    for (int t = 0; t < frames; t++) {
      float value = (envelope[t] - min) / range;
      if (value <= 0 || t - lastOnset < MIN_GAP) {
        continue;
      }
      boolean peak = true;
      for (int u = Math.max(0, t - PEAK_BEFORE);
          u <= Math.min(frames - 1, t + PEAK_AFTER) && peak;
          u++) {
        peak = envelope[u] <= envelope[t];
      }
      if (!peak) {
        continue;
      }
      float sum = 0;
      int lo = Math.max(0, t - AVERAGE_SPAN);
      int hi = Math.min(frames - 1, t + AVERAGE_SPAN);
      for (int u = lo; u <= hi; u++) {
        sum += envelope[u];
      }
      float localMean = (sum / (hi - lo + 1) - min) / range;
      if (value >= localMean + PEAK_DELTA) {
        count++;
        lastOnset = t;
      }
    }
    return count;
  }

  /**
   * Tempo in BPM, or 0 when the clip is too short to hold two beats at the slowest tempo or shows
   * no periodicity. {@code centred} is scratch of at least {@code frames} floats.
   */
  static float tempo(float[] envelope, int frames, double framesPerSecond, float[] centred) {
    int minLag =
        Math.max(1, (int) Math.floor(60 * framesPerSecond / AnalysisParameters.TEMPO_MAX_BPM));
    int maxLag =
        Math.min(
            frames / 2, (int) Math.ceil(60 * framesPerSecond / AnalysisParameters.TEMPO_MIN_BPM));
    if (maxLag <= minLag + 1) {
      return 0;
    }
    double mean = 0;
    for (int t = 0; t < frames; t++) {
      mean += envelope[t];
    }
    mean /= frames;
    double energy = 0;
    for (int t = 0; t < frames; t++) {
      centred[t] = (float) (envelope[t] - mean);
      energy += centred[t] * centred[t];
    }
    if (!(energy / frames > 1e-9)) {
      return 0;
    }
    double zeroLag = energy / frames;
    int bestLag = -1;
    double best = 0;
    double[] scores = new double[maxLag + 2];
    for (int lag = minLag - 1; lag <= maxLag + 1 && lag < frames; lag++) {
      if (lag < 1) {
        continue;
      }
      double sum = 0;
      for (int t = 0; t + lag < frames; t++) {
        sum += centred[t] * centred[t + lag];
      }
      double correlation = sum / (frames - lag) / zeroLag;
      double bpm = 60 * framesPerSecond / lag;
      double octaves = Math.log(bpm / AnalysisParameters.TEMPO_PRIOR_BPM) / Math.log(2);
      double prior = Math.exp(-0.5 * Math.pow(octaves / AnalysisParameters.TEMPO_PRIOR_OCTAVES, 2));
      scores[lag] = correlation * prior;
      if (lag >= minLag && lag <= maxLag && correlation * prior > best) {
        best = correlation * prior;
        bestLag = lag;
      }
    }
    if (bestLag < 0) {
      return 0;
    }
    double refined = bestLag;
    if (bestLag - 1 >= 1 && bestLag + 1 < scores.length) {
      double left = scores[bestLag - 1];
      double right = scores[bestLag + 1];
      double curvature = left - 2 * best + right;
      if (curvature < 0) {
        refined = bestLag + 0.5 * (left - right) / curvature;
      }
    }
    double bpm = 60 * framesPerSecond / refined;
    return (float)
        Math.max(AnalysisParameters.TEMPO_MIN_BPM, Math.min(AnalysisParameters.TEMPO_MAX_BPM, bpm));
  }
}
