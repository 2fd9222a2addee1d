package io.earshot.features;

import static io.earshot.features.AnalysisParameters.BINS;
import static io.earshot.features.AnalysisParameters.FRAME;
import static io.earshot.features.AnalysisParameters.HOP;
import static io.earshot.features.AnalysisParameters.LOG_FLOOR;
import static io.earshot.features.AnalysisParameters.MEL_BANDS;
import static io.earshot.features.AnalysisParameters.MFCC;
import static io.earshot.features.AnalysisParameters.SAMPLE_RATE;

/**
 * The single STFT of a clip and everything computed from it, frame by frame, into a {@link
 * Workspace}: one power spectrum per frame feeds the mel bands, centroid, bandwidth, roll-off,
 * flatness, contrast and chroma. Time-domain RMS and zero-crossing rate are taken from the same
 * frames on the way in. Frames are centred (frame t covers samples around t * hop, zero outside the
 * clip), as librosa does by default, so a clip of n samples has 1 + n / hop frames.
 *
 * <p>Immutable tables only (the FFT and all scratch live in the {@link Workspace}); safe to share
 * between threads.
 */
final class SpectralPass {

  private final float[] window = new float[FRAME];
  private final float[] binHz = new float[BINS];
  private final MelFilterbank melBank =
      new MelFilterbank(MEL_BANDS, FRAME, SAMPLE_RATE, 0.0, SAMPLE_RATE / 2.0);
  private final Dct dct = new Dct(MEL_BANDS, MFCC);
  private final ChromaMap chromaMap = new ChromaMap(FRAME, SAMPLE_RATE);
  private final SpectralContrast contrast =
      new SpectralContrast(
          FRAME,
          SAMPLE_RATE,
          AnalysisParameters.CONTRAST_MIN_HZ,
          AnalysisParameters.CONTRAST_OCTAVES,
          AnalysisParameters.CONTRAST_QUANTILE);

  SpectralPass() {
    for (int n = 0; n < FRAME; n++) {
      window[n] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * n / FRAME));
    }
    for (int k = 0; k < BINS; k++) {
      binHz[k] = (float) k * SAMPLE_RATE / FRAME;
    }
  }

  static int frameCount(int samples) {
    return 1 + samples / HOP;
  }

  int contrastBands() {
    return contrast.bands();
  }

  int contrastScratchSize() {
    return contrast.scratchSize();
  }

  float[] melCenterFrequencies() {
    return melBank.centerFrequencies();
  }

  /** Analyses every frame of {@code x}; returns the frame count. */
  int run(float[] x, Workspace ws) {
    int frames = frameCount(x.length);
    ws.ensureFrames(frames);
    int blocks = x.length / HOP + 1; // the last block always reaches into the zero padding
    ws.ensureBlocks(blocks);
    blockTotals(x, blocks, ws);
    float maxDb = -Float.MAX_VALUE;
    for (int t = 0; t < frames; t++) {
      frameLevels(ws, blocks, t);
      loadFrame(x, t * HOP - FRAME / 2, ws);
      ws.stft.power(ws.frame, ws.power);
      shape(ws, t);
      maxDb = Math.max(maxDb, logMel(ws, t));
      contrast.apply(
          ws.magnitude, ws.contrast, t * contrast.bands(), ws.contrastLowest, ws.contrastHighest);
      chromaMap.apply(ws.power, ws.chroma, t * ChromaMap.CLASSES);
    }
    clampDynamicRange(ws, frames, maxDb - AnalysisParameters.TOP_DB);
    for (int t = 0; t < frames; t++) {
      dct.apply(ws.logMel, t * MEL_BANDS, ws.mfcc, t * MFCC);
    }
    Deltas.compute(ws.mfcc, ws.delta, frames, MFCC, AnalysisParameters.DELTA_HALF_WIDTH);
    Rhythm.onsetEnvelope(ws.logMel, frames, MEL_BANDS, ws.onset);
    return frames;
  }

  /**
   * Sum of squares and zero crossings of every hop-sized block of the clip. A centred frame spans
   * exactly four whole blocks (frame start t * hop - frame / 2 is a multiple of the hop), so frame
   * RMS and zero-crossing rate come from block totals and each sample is read once, not four times.
   * Block b covers samples [b * hop, (b + 1) * hop); samples outside the clip are zeros, and a zero
   * counts as non-negative, as in librosa.
   */
  private static void blockTotals(float[] x, int blocks, Workspace ws) {
    boolean previousNonNegative = true;
    for (int b = 0; b < blocks; b++) {
      int begin = b * HOP;
      int end = Math.min(x.length, begin + HOP);
      double sumSquares = 0;
      int crossings = 0;
      int inside = 0;
      boolean firstNonNegative = begin < x.length ? x[begin] >= 0 : true;
      ws.blockEdgeCrossing[b] = firstNonNegative != previousNonNegative ? 1 : 0;
      boolean last = firstNonNegative;
      for (int n = begin; n < end; n++) {
        float v = x[n];
        sumSquares += v * v;
        boolean nonNegative = v >= 0;
        crossings += nonNegative != last ? 1 : 0;
        last = nonNegative;
        inside++;
      }
      if (inside < HOP && !last) {
        crossings++; // the clip ends below zero and the padding is zero
        last = true;
      }
      ws.blockEnergy[b] = sumSquares;
      ws.blockCrossings[b] = crossings;
      previousNonNegative = last;
    }
  }

  /** Frame RMS and zero-crossing rate from the four blocks that make up frame t. */
  private static void frameLevels(Workspace ws, int blocks, int t) {
    int first = t - FRAME / HOP / 2;
    double sumSquares = 0;
    int crossings = 0;
    for (int b = first; b < first + FRAME / HOP; b++) {
      if (b < 0 || b >= blocks) {
        continue;
      }
      sumSquares += ws.blockEnergy[b];
      crossings += ws.blockCrossings[b];
      if (b > first) {
        crossings += ws.blockEdgeCrossing[b];
      }
    }
    ws.rms[t] = (float) Math.sqrt(sumSquares / FRAME);
    ws.zcr[t] = (float) crossings / FRAME;
  }

  /** Windowed frame t into {@code ws.frame}, zeros outside the clip. */
  private void loadFrame(float[] x, int begin, Workspace ws) {
    float[] frame = ws.frame;
    float[] w = window;
    if (begin >= 0 && begin + FRAME <= x.length) {
      for (int n = 0; n < FRAME; n++) {
        frame[n] = x[begin + n] * w[n];
      }
      return;
    }
    for (int n = 0; n < FRAME; n++) {
      int i = begin + n;
      frame[n] = i >= 0 && i < x.length ? x[i] * w[n] : 0f;
    }
  }

  /** Centroid, bandwidth, roll-off (from magnitudes) and flatness (from power) of frame t. */
  private void shape(Workspace ws, int t) {
    float[] power = ws.power;
    float[] magnitude = ws.magnitude;
    for (int k = 0; k < BINS; k++) {
      magnitude[k] = (float) Math.sqrt(power[k]);
    }
    float[] cumulative = ws.cumulative;
    double sum = 0;
    double weighted = 0;
    double weightedSquares = 0;
    for (int k = 0; k < BINS; k++) {
      float m = magnitude[k];
      float mf = m * binHz[k];
      sum += m;
      cumulative[k] = (float) sum;
      weighted += mf;
      weightedSquares += mf * binHz[k];
    }
    if (sum > 0) {
      double centroid = weighted / sum;
      double variance = Math.max(0, weightedSquares / sum - centroid * centroid);
      ws.centroid[t] = (float) centroid;
      ws.bandwidth[t] = (float) Math.sqrt(variance);
      ws.rolloff[t] = rolloff(cumulative, (float) (sum * AnalysisParameters.ROLLOFF));
    } else {
      ws.centroid[t] = 0;
      ws.bandwidth[t] = 0;
      ws.rolloff[t] = 0;
    }
    ws.flatness[t] = flatness(power);
  }

  /**
   * Geometric over arithmetic mean of the floored power spectrum. The geometric mean needs the sum
   * of logarithms; it is taken as the sum of the float exponents plus the log of the product of the
   * mantissas (each in [1, 2), renormalised now and then), which costs one multiply per bin instead
   * of one logarithm.
   */
  static float flatness(float[] power) {
    double arithmetic = 0;
    long exponents = 0;
    double mantissas = 1;
    for (int k = 0; k < BINS; k++) {
      float p = Math.max(power[k], LOG_FLOOR);
      arithmetic += p;
      int bits = Float.floatToRawIntBits(p);
      exponents += (bits >>> 23) - 127;
      mantissas *= Float.intBitsToFloat((bits & 0x7fffff) | 0x3f800000);
      if ((k & 63) == 63) {
        // 64 factors in [1, 2) stay below 2^64: move the exponent out, keep the mantissa
        long bits64 = Double.doubleToRawLongBits(mantissas);
        exponents += ((bits64 >>> 52) & 0x7ff) - 1023;
        mantissas = Double.longBitsToDouble((bits64 & 0x000fffffffffffffL) | 0x3ff0000000000000L);
      }
    }
    double meanLog2 = (exponents + Math.log(mantissas) / Math.log(2)) / BINS;
    double geometric = Math.pow(2, meanLog2);
    return (float) Math.min(1.0, geometric / (arithmetic / BINS));
  }

  /**
   * Frequency of the first bin whose cumulative magnitude reaches the threshold (binary search).
   */
  private float rolloff(float[] cumulative, float threshold) {
    int low = 0;
    int high = BINS - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (cumulative[middle] >= threshold) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return binHz[low];
  }

  /** Mel bands of frame t in dB; returns the frame's maximum. */
  private float logMel(Workspace ws, int t) {
    melBank.apply(ws.power, ws.mel);
    int offset = t * MEL_BANDS;
    float max = -Float.MAX_VALUE;
    for (int m = 0; m < MEL_BANDS; m++) {
      float db = 10 * FastLog.log10(Math.max(ws.mel[m], LOG_FLOOR));
      ws.logMel[offset + m] = db;
      max = Math.max(max, db);
    }
    return max;
  }

  /** Like librosa's power_to_db(top_db=80): nothing lies more than 80 dB under the clip's peak. */
  private static void clampDynamicRange(Workspace ws, int frames, float floorDb) {
    float[] logMel = ws.logMel;
    int n = frames * MEL_BANDS;
    for (int i = 0; i < n; i++) {
      if (logMel[i] < floorDb) {
        logMel[i] = floorDb;
      }
    }
  }
}
