package io.earshot.features;

import static io.earshot.features.AnalysisParameters.HOP;
import static io.earshot.features.AnalysisParameters.MEL_BANDS;
import static io.earshot.features.AnalysisParameters.MFCC;
import static io.earshot.features.AnalysisParameters.SAMPLE_RATE;

import io.earshot.audio.AudioClip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Earshot's acoustic feature vector, in one of its {@link FeatureVersion}s: clip-level statistics
 * of MFCCs and their deltas, spectral shape, contrast, chroma, loudness, zero-crossings, rhythm and
 * pitch (see docs/FEATURES.md).
 *
 * <p>One instance is shared by every worker thread: the tables are immutable and each thread reuses
 * its own {@link Workspace}, so extraction allocates only the result.
 */
public final class FeatureExtractor {

  /** Far beyond clipping, yet small enough that no power sum can overflow a float. */
  private static final float MAX_ABS_SAMPLE = 1000f;

  /** Workspaces grown past this many frames (about two minutes) are dropped after use. */
  private static final int RETAINED_FRAMES = 120 * SAMPLE_RATE / HOP;

  private final FeatureVersion version;
  private final RealFft.Backend fft;
  private final SpectralPass pass;
  private final WindowFrames windowFrames;
  private final ThreadLocal<Workspace> workspaces;
  private final FeatureSchema schema;

  /** The extractor of the version new models are trained on, {@link FeatureVersion#CURRENT}. */
  public FeatureExtractor() {
    this(FeatureVersion.CURRENT);
  }

  public FeatureExtractor(FeatureVersion version) {
    this(version, version.fft());
  }

  /** On another FFT backend than the version's: to compare the two. */
  FeatureExtractor(FeatureVersion version, RealFft.Backend fft) {
    this.version = version;
    this.fft = fft;
    pass = new SpectralPass(version);
    windowFrames = new WindowFrames(pass);
    workspaces = ThreadLocal.withInitial(this::newWorkspace);
    List<String> names = new ArrayList<>();
    Workspace ws = newWorkspace();
    float[] silence = new float[HOP];
    int frames = pass.run(silence, ws);
    int pitchFrames = PitchTracker.track(silence, ws);
    summarize(ws, frames, pitchFrames, silence.length, (name, value) -> names.add(name));
    schema = FeatureSchema.of(version.number(), names, version.parameters());
  }

  public FeatureVersion version() {
    return version;
  }

  public FeatureSchema schema() {
    return schema;
  }

  /**
   * Features of a mono clip at {@link AudioClip#ANALYSIS_RATE}.
   *
   * @throws IllegalArgumentException if the clip has another rate, no samples, or non-finite or
   *     unscaled (|x| > 1000) samples
   */
  public FeatureVector extract(AudioClip clip) {
    float[] x = validated(clip);
    Workspace ws = workspaces.get();
    try {
      int frames = pass.run(x, ws);
      int pitchFrames = PitchTracker.track(x, ws);
      float[] values = new float[schema.size()];
      int[] next = {0};
      summarize(ws, frames, pitchFrames, x.length, (name, value) -> values[next[0]++] = value);
      return new FeatureVector(schema.id(), values);
    } finally {
      release(ws);
    }
  }

  /** A stretch of a recording, in samples at the analysis rate. */
  public record Span(int start, int length) {
    public Span {
      if (start < 0 || length <= 0) {
        throw new IllegalArgumentException(
            "a span needs a start >= 0 and a positive length, got " + start + ", " + length);
      }
    }
  }

  /**
   * Features of many windows of one recording from one STFT: the recording's frames are analysed
   * once and each window takes its share of them. A window's vector is exactly the one {@link
   * #extract} gives for the window's own samples (a model trained on clips sees windows as clips):
   * the few frames that reach past a window's edges, which {@code extract} fills with zeros, are
   * analysed again from the window's samples alone, and what depends on the window as a whole (the
   * log-mel's 80 dB floor under its own peak, MFCCs, deltas, onsets, tempo, pitch statistics) is
   * computed per window.
   *
   * <p>Windows start on the pitch frame grid: a start is rounded to a multiple of {@link
   * #WINDOW_GRID} samples (46 ms at 22.05 kHz), so that shared frames fall where the window's own
   * would.
   *
   * @param windows spans inside the recording, in any order
   * @return one vector per window, in the order of {@code windows}
   */
  public List<FeatureVector> extractWindows(AudioClip recording, List<Span> windows) {
    float[] x = validated(recording);
    Workspace all = newWorkspace(); // a recording's worth: not kept
    int frames = pass.framesWithCepstra(x, all);
    int pitchFrames = PitchTracker.track(x, all);
    Workspace window = workspaces.get();
    Workspace edges = newWorkspace();
    List<FeatureVector> out = new ArrayList<>(windows.size());
    try {
      for (Span span : windows) {
        if (span.start() + span.length() > x.length) {
          throw new IllegalArgumentException(
              "window " + span + " reaches past the recording's " + x.length + " samples");
        }
        int start = Math.min(snap(span.start()), x.length - 1);
        int length = Math.min(span.length(), x.length - start);
        int count = windowFrames.fill(x, start, length, all, frames, pitchFrames, window, edges);
        int pitchCount = PitchTracker.frameCount(length);
        pass.finishWindow(window, count, SpectralPass.maxDb(window, 0, count));
        float[] values = new float[schema.size()];
        int[] next = {0};
        summarize(window, count, pitchCount, length, (name, value) -> values[next[0]++] = value);
        out.add(new FeatureVector(schema.id(), values));
      }
      return out;
    } finally {
      release(window);
    }
  }

  /** Window starts are rounded to this many samples: the pitch hop, a multiple of the STFT hop. */
  public static final int WINDOW_GRID = AnalysisParameters.PITCH_HOP;

  /**
   * The nearest grid point, halves rounded up, in integers: a float quotient would be rounded
   * itself past 2^24 samples (12.7 minutes), so a recording read in blocks, whose windows are
   * placed from a nearby block start, and the same recording read whole would snap apart.
   */
  private static int snap(int start) {
    return Math.floorDiv(start + WINDOW_GRID / 2, WINDOW_GRID) * WINDOW_GRID;
  }

  /** Frame-level log-mel spectrogram and MFCCs of a clip, for visualisations. */
  public SpectralAnalysis analyze(AudioClip clip) {
    float[] x = validated(clip);
    Workspace ws = workspaces.get();
    try {
      int frames = pass.run(x, ws);
      return new SpectralAnalysis(
          frames,
          MEL_BANDS,
          MFCC,
          SAMPLE_RATE,
          HOP,
          AnalysisParameters.FRAME,
          Arrays.copyOf(ws.logMel, frames * MEL_BANDS),
          Arrays.copyOf(ws.mfcc, frames * MFCC),
          Arrays.copyOf(ws.rms, frames),
          Arrays.copyOf(ws.centroid, frames),
          pass.melCenterFrequencies());
    } finally {
      release(ws);
    }
  }

  /** Scratch for one thread's extractions, on this version's FFT. */
  private Workspace newWorkspace() {
    return new Workspace(pass.contrastScratchSize(), fft);
  }

  private void release(Workspace ws) {
    if (ws.capacity > RETAINED_FRAMES) {
      workspaces.remove();
    }
  }

  private static float[] validated(AudioClip clip) {
    if (clip == null) {
      throw new IllegalArgumentException("clip is required");
    }
    if (clip.sampleRate() != SAMPLE_RATE) {
      throw new IllegalArgumentException(
          "clip must be resampled to "
              + SAMPLE_RATE
              + " Hz mono before feature extraction (was "
              + clip.sampleRate()
              + " Hz)");
    }
    float[] x = clip.samples();
    if (x.length == 0) {
      throw new IllegalArgumentException("clip has no samples");
    }
    // One branch-free pass over a valid clip: the largest magnitude, which NaN and infinity also
    // push past the limit (Math.max keeps a NaN). Only a clip that fails is searched for the
    // sample to name.
    float largest = 0;
    for (float v : x) {
      largest = Math.max(largest, Math.abs(v));
    }
    if (largest <= MAX_ABS_SAMPLE) {
      return x;
    }
    for (int i = 0; i < x.length; i++) {
      if (!Float.isFinite(x[i])) {
        throw new IllegalArgumentException(
            "clip has a non-finite sample (" + x[i] + ") at index " + i);
      }
      if (Math.abs(x[i]) > MAX_ABS_SAMPLE) {
        throw new IllegalArgumentException(
            "clip has a sample of "
                + x[i]
                + " at index "
                + i
                + "; samples must be scaled to [-1, 1] (decoder output, not raw integer PCM)");
      }
    }
    return x;
  }

  /** Receives the features in schema order. */
  private interface Sink {
    void put(String name, float value);
  }

  /**
   * The one place that fixes the order of the vector; names and values both come from here.
   *
   * <p>Runs once a clip, so its loops are in the methods it calls: a loop here made the JIT compile
   * all of it, every statistic inlined, on the stack and twice over (half a second of a one-core
   * CLI run over a thousand clips, issue 16); without one it stays in the first tier, which is
   * plenty for a few microseconds a clip.
   */
  private void summarize(Workspace ws, int frames, int pitchFrames, int samples, Sink out) {
    columns(out, FeatureNames.MFCC_MEAN, FeatureNames.MFCC_STD, ws.mfcc, frames, MFCC);
    columns(out, FeatureNames.DELTA_MEAN, FeatureNames.DELTA_STD, ws.delta, frames, MFCC);
    meanStdAndTails(out, "spectral_centroid", ws.centroid, frames, ws.scratch);
    meanStd(out, "spectral_bandwidth", ws.bandwidth, frames);
    meanStd(out, "spectral_rolloff", ws.rolloff, frames);
    meanStd(out, "spectral_flatness", ws.flatness, frames);
    int bands = pass.contrastBands();
    columns(out, FeatureNames.CONTRAST_MEAN, FeatureNames.CONTRAST_STD, ws.contrast, frames, bands);
    meanStd(out, "zcr", ws.zcr, frames);
    meanStdAndTails(out, "rms", ws.rms, frames, ws.scratch);
    columns(
        out,
        FeatureNames.CHROMA_MEAN,
        FeatureNames.CHROMA_STD,
        ws.chroma,
        frames,
        ChromaMap.CLASSES);
    meanStd(out, "onset_strength", ws.onset, frames);
    double seconds = (double) samples / SAMPLE_RATE;
    out.put("onset_rate", (float) (Rhythm.countOnsets(ws.onset, frames) / seconds));
    out.put("tempo_bpm", Rhythm.tempo(ws.onset, frames, (double) SAMPLE_RATE / HOP, ws.scratch));
    float[] pitch = new float[4];
    PitchTracker.summarize(ws.f0, pitchFrames, ws.scratch, ws.scratch2, pitch, 0);
    out.put("pitch_f0_median_hz", pitch[0]);
    out.put("pitch_f0_spread_cents", pitch[1]);
    out.put("pitch_voiced_fraction", pitch[2]);
    out.put("pitch_stability_cents", pitch[3]);
  }

  /** Mean and standard deviation of each column of a frame-by-column matrix, column by column. */
  private static void columns(
      Sink out, String[] meanNames, String[] stdNames, float[] matrix, int frames, int width) {
    for (int c = 0; c < width; c++) {
      out.put(meanNames[c], Stats.columnMean(matrix, frames, width, c));
      out.put(stdNames[c], Stats.columnStd(matrix, frames, width, c));
    }
  }

  private static void meanStd(Sink out, String name, float[] series, int frames) {
    out.put(name + "_mean", Stats.mean(series, frames));
    out.put(name + "_std", Stats.std(series, frames));
  }

  private static void meanStdAndTails(
      Sink out, String name, float[] series, int frames, float[] scratch) {
    meanStd(out, name, series, frames);
    System.arraycopy(series, 0, scratch, 0, frames);
    out.put(name + "_p10", Stats.percentile(scratch, frames, 10));
    out.put(name + "_p90", Stats.percentile(scratch, frames, 90));
  }
}
