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
    int frames = frames(x, ws);
    finish(ws, frames, maxDb(ws, 0, frames));
    return frames;
  }

  /**
   * The per-frame spectral work of {@link #run} (STFT, shape, log-mel before the dynamic-range
   * clamp, contrast, chroma, level, zero crossings), and none of what depends on the clip as a
   * whole; returns the frame count. A recording's windows share these frames ({@link #finish}
   * completes a window's copy of them).
   */
  int frames(float[] x, Workspace ws) {
    int frames = frameCount(x.length);
    ws.ensureFrames(frames);
    int blocks = x.length / HOP + 1; // the last block always reaches into the zero padding
    ws.ensureBlocks(blocks);
    blockTotals(x, blocks, ws);
    for (int t = 0; t < frames; t++) {
      frameLevels(ws, blocks, t);
      loadFrame(x, t * HOP - FRAME / 2, ws);
      ws.stft.power(ws.frame, ws.power);
      shape(ws, t);
      logMel(ws, t);
      contrast.apply(
          ws.magnitude, ws.contrast, t * contrast.bands(), ws.contrastLowest, ws.contrastHighest);
      chromaMap.apply(ws.power, ws.chroma, t * ChromaMap.CLASSES);
    }
    return frames;
  }

  /** The loudest log-mel value of frames [from, from + frames), in dB. */
  static float maxDb(Workspace ws, int from, int frames) {
    float max = -Float.MAX_VALUE;
    float[] logMel = ws.logMel;
    for (int i = from * MEL_BANDS, end = (from + frames) * MEL_BANDS; i < end; i++) {
      max = Math.max(max, logMel[i]);
    }
    return max;
  }

  /**
   * What depends on a clip (or window) as a whole: the log-mel clamped to 80 dB under its own peak,
   * then MFCCs, their deltas and the onset envelope, over its {@code frames} frames.
   */
  void finish(Workspace ws, int frames, float maxDb) {
    clampDynamicRange(ws, frames, maxDb - AnalysisParameters.TOP_DB);
    for (int t = 0; t < frames; t++) {
      dct.apply(ws.logMel, t * MEL_BANDS, ws.mfcc, t * MFCC);
    }
    Deltas.compute(ws.mfcc, ws.delta, frames, MFCC, AnalysisParameters.DELTA_HALF_WIDTH);
    Rhythm.onsetEnvelope(ws.logMel, frames, MEL_BANDS, ws.onset);
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

  /**
   * Windowed frame t into {@code ws.frame}, zeros outside the clip. Inside the clip the samples are
   * copied first and windowed in place: a loop reading x at a moving offset stays scalar in C2,
   * while both of these run vectorised.
   */
  private void loadFrame(float[] x, int begin, Workspace ws) {
    float[] frame = ws.frame;
    float[] w = window;
    if (begin >= 0 && begin + FRAME <= x.length) {
      System.arraycopy(x, begin, frame, 0, FRAME);
      for (int n = 0; n < FRAME; n++) {
        frame[n] *= w[n];
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
   * mantissas (each in [1, 2)), which costs one multiply per bin instead of one logarithm. Sums and
   * products run in four interleaved lanes: one long chain of dependent additions would wait on
   * each one's latency, four independent chains overlap. A lane multiplies at most 257 mantissas,
   * so its product stays below 2^257, far inside the range of a double.
   */
  static float flatness(float[] power) {
    double arithmetic0 = 0;
    double arithmetic1 = 0;
    double arithmetic2 = 0;
    double arithmetic3 = 0;
    double mantissas0 = 1;
    double mantissas1 = 1;
    double mantissas2 = 1;
    double mantissas3 = 1;
    long exponents = 0;
    int k = 0;
    for (; k + 4 <= BINS; k += 4) {
      float p0 = Math.max(power[k], LOG_FLOOR);
      float p1 = Math.max(power[k + 1], LOG_FLOOR);
      float p2 = Math.max(power[k + 2], LOG_FLOOR);
      float p3 = Math.max(power[k + 3], LOG_FLOOR);
      arithmetic0 += p0;
      arithmetic1 += p1;
      arithmetic2 += p2;
      arithmetic3 += p3;
      int b0 = Float.floatToRawIntBits(p0);
      int b1 = Float.floatToRawIntBits(p1);
      int b2 = Float.floatToRawIntBits(p2);
      int b3 = Float.floatToRawIntBits(p3);
      exponents += (b0 >>> 23) + (b1 >>> 23) + (b2 >>> 23) + (b3 >>> 23) - 4 * 127;
      mantissas0 *= mantissa(b0);
      mantissas1 *= mantissa(b1);
      mantissas2 *= mantissa(b2);
      mantissas3 *= mantissa(b3);
    }
    for (; k < BINS; k++) {
      float p = Math.max(power[k], LOG_FLOOR);
      arithmetic0 += p;
      int bits = Float.floatToRawIntBits(p);
      exponents += (bits >>> 23) - 127;
      mantissas0 *= mantissa(bits);
    }
    double arithmetic = (arithmetic0 + arithmetic1) + (arithmetic2 + arithmetic3);
    // each lane's product is below 2^257, but all four together could overflow: add their logs
    double logMantissas =
        Math.log(mantissas0) + Math.log(mantissas1) + Math.log(mantissas2) + Math.log(mantissas3);
    double meanLog2 = (exponents + logMantissas / Math.log(2)) / BINS;
    double geometric = Math.pow(2, meanLog2);
    return (float) Math.min(1.0, geometric / (arithmetic / BINS));
  }

  /** The mantissa of a positive normal float's bits, as a value in [1, 2). */
  private static float mantissa(int bits) {
    return Float.intBitsToFloat((bits & 0x7fffff) | 0x3f800000);
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
  private void logMel(Workspace ws, int t) {
    melBank.apply(ws.power, ws.mel);
    int offset = t * MEL_BANDS;
    for (int m = 0; m < MEL_BANDS; m++) {
      ws.logMel[offset + m] = 10 * FastLog.log10(Math.max(ws.mel[m], LOG_FLOOR));
    }
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
