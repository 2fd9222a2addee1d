package io.earshot.features;

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
  private final SpectralShape shape = new SpectralShape();
  private final MelFilterbank melBank;
  private final Dct dct = new Dct(MEL_BANDS, MFCC);
  private final ChromaMap chromaMap = new ChromaMap(FRAME, SAMPLE_RATE);
  private final SpectralContrast contrast =
      new SpectralContrast(
          FRAME,
          SAMPLE_RATE,
          AnalysisParameters.CONTRAST_MIN_HZ,
          AnalysisParameters.CONTRAST_OCTAVES,
          AnalysisParameters.CONTRAST_QUANTILE);

  /** Power under the frame's peak, as a ratio, that flatness and contrast floor bins at. */
  private final float floorRatio;

  SpectralPass(FeatureVersion version) {
    floorRatio = version.spectralFloorRatio();
    melBank = new MelFilterbank(MEL_BANDS, FRAME, SAMPLE_RATE, 0.0, version.melMaxHz());
    for (int n = 0; n < FRAME; n++) {
      window[n] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * n / FRAME));
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
    return frames(x, ws, 0, frameCount(x.length));
  }

  /**
   * {@link #frames} for frames [from, to) of {@code x} only, each at its own index; the others are
   * left as they were. Returns the frame count of the whole of {@code x}. A window's edge pieces
   * need only the frames that reach past the window.
   */
  int frames(float[] x, Workspace ws, int from, int to) {
    int frames = frameCount(x.length);
    requireRange("frames", from, to, frames);
    ws.ensureFrames(frames);
    int blocks = x.length / HOP + 1; // the last block always reaches into the zero padding
    ws.ensureBlocks(blocks);
    blockTotals(x, blocks, ws);
    for (int t = from; t < to; t++) {
      frameLevels(ws, blocks, t);
      loadFrame(x, t * HOP - FRAME / 2, ws);
      ws.stft.power(ws.frame, ws.power);
      float floor = shape.apply(ws, t, floorRatio);
      logMel(ws, t);
      contrast.apply(
          ws.magnitude,
          ws.contrast,
          t * contrast.bands(),
          ws.contrastScratch,
          floorRatio > 0 ? (float) Math.sqrt(floor) : 0f);
      chromaMap.apply(ws.power, ws.chroma, t * ChromaMap.CLASSES);
    }
    return frames;
  }

  /** Refuses a range [from, to) of {@code kind} that is not among the {@code frames} there are. */
  static void requireRange(String kind, int from, int to, int frames) {
    if (from < 0 || from > to || to > frames) {
      throw new IllegalArgumentException(
          kind + " [" + from + ", " + to + ") are not among the " + frames + " of the samples");
    }
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
    finish(ws, frames, maxDb, false);
  }

  /**
   * {@link #frames}, then each frame's MFCCs and onset flux of its log-mel as it is, before any
   * clamp, and its lowest log-mel value. A recording's windows share these: a window whose 80 dB
   * floor lies at or under a frame's lowest value clamps nothing in it, so the frame's MFCCs are
   * these, bit for bit, and so is its flux when the frame before is unclamped too ({@link
   * #finishWindow}). Each shared frame's DCT and flux are then taken once, not once per window.
   */
  int framesWithCepstra(float[] x, Workspace ws) {
    return framesWithCepstra(x, ws, 0, frameCount(x.length));
  }

  /**
   * {@link #framesWithCepstra} for frames [from, to) only, as {@link #frames(float[], Workspace,
   * int, int)}.
   */
  int framesWithCepstra(float[] x, Workspace ws, int from, int to) {
    int frames = frames(x, ws, from, to);
    float[] logMel = ws.logMel;
    for (int t = from; t < to; t++) {
      int row = t * MEL_BANDS;
      float lowest = logMel[row];
      for (int m = 1; m < MEL_BANDS; m++) {
        lowest = Math.min(lowest, logMel[row + m]);
      }
      ws.lowestDb[t] = lowest;
      dct.apply(logMel, row, ws.mfcc, t * MFCC, ws.dctSums);
    }
    if (to > from) {
      Rhythm.onsetEnvelope(logMel, from, to, MEL_BANDS, ws.unclampedFlux);
      ws.unclampedFlux[from] = Float.NaN; // the frame before was not analysed here
    }
    return frames;
  }

  /**
   * {@link #finish} for a window whose frames were copied with their MFCCs, lowest log-mel and
   * onset flux ({@link #framesWithCepstra}): only the frames its floor clamps get their DCT and
   * flux again.
   */
  void finishWindow(Workspace ws, int frames, float maxDb) {
    finish(ws, frames, maxDb, true);
  }

  private void finish(Workspace ws, int frames, float maxDb, boolean sharedFrames) {
    float floorDb = maxDb - AnalysisParameters.TOP_DB;
    clampDynamicRange(ws, frames, floorDb);
    for (int t = 0; t < frames; t++) {
      if (!sharedFrames || ws.lowestDb[t] < floorDb) {
        dct.apply(ws.logMel, t * MEL_BANDS, ws.mfcc, t * MFCC, ws.dctSums);
      }
    }
    Deltas.compute(ws.mfcc, ws.delta, frames, MFCC, AnalysisParameters.DELTA_HALF_WIDTH);
    if (sharedFrames) {
      onsetsOfShared(ws, frames, floorDb);
    } else {
      Rhythm.onsetEnvelope(ws.logMel, frames, MEL_BANDS, ws.onset);
    }
  }

  /**
   * The onset envelope of a window's copied frames: where neither a frame nor the one before it is
   * clamped and they followed each other where their flux was taken, that flux is the window's, bit
   * for bit; elsewhere it is taken again from the clamped log-mel.
   */
  private static void onsetsOfShared(Workspace ws, int frames, float floorDb) {
    ws.onset[0] = 0;
    for (int t = 1; t < frames; t++) {
      float shared = ws.unclampedFlux[t];
      boolean unclamped = ws.lowestDb[t] >= floorDb && ws.lowestDb[t - 1] >= floorDb;
      ws.onset[t] =
          unclamped && !Float.isNaN(shared) ? shared : Rhythm.flux(ws.logMel, t, MEL_BANDS);
    }
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
      int inside = end - begin;
      boolean firstNonNegative = begin < x.length ? x[begin] >= 0 : true;
      ws.blockEdgeCrossing[b] = firstNonNegative != previousNonNegative ? 1 : 0;
      int crossings = signChanges(x, begin, end);
      boolean last = inside > 0 ? x[end - 1] >= 0 : firstNonNegative;
      double sumSquares = sumOfSquares(x, begin, end);
      if (inside < HOP && !last) {
        crossings++; // the clip ends below zero and the padding is zero
        last = true;
      }
      ws.blockEnergy[b] = sumSquares;
      ws.blockCrossings[b] = crossings;
      previousNonNegative = last;
    }
  }

  /**
   * How many samples of x[begin + 1, end) lie on the other side of zero from the one before (a zero
   * counts as non-negative). Without a branch: on noise the comparison compiled to one that
   * mispredicted at about every other sample.
   */
  static int signChanges(float[] x, int begin, int end) {
    int changes = 0;
    for (int n = begin + 1; n < end; n++) {
      changes += negative(x[n]) ^ negative(x[n - 1]);
    }
    return changes;
  }

  /** 1 for a negative sample, else 0: adding +0 turns -0 into +0, whose sign bit is clear. */
  private static int negative(float v) {
    return Float.floatToRawIntBits(v + 0f) >>> 31;
  }

  /**
   * The sum of x[n]^2 over [begin, end), each square in float, summed in double in four lanes (one
   * chain of dependent additions would wait on each one's latency).
   */
  static double sumOfSquares(float[] x, int begin, int end) {
    double sum0 = 0;
    double sum1 = 0;
    double sum2 = 0;
    double sum3 = 0;
    int n = begin;
    for (; n + 4 <= end; n += 4) {
      sum0 += x[n] * x[n];
      sum1 += x[n + 1] * x[n + 1];
      sum2 += x[n + 2] * x[n + 2];
      sum3 += x[n + 3] * x[n + 3];
    }
    for (; n < end; n++) {
      sum0 += x[n] * x[n];
    }
    return (sum0 + sum1) + (sum2 + sum3);
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
