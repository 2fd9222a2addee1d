package io.earshot.pipeline;

import io.earshot.analysis.AnalysisResult;
import io.earshot.analysis.EventMerger;
import io.earshot.analysis.Segment;
import io.earshot.analysis.WindowPlan;
import io.earshot.audio.AudioClip;
import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.AudioLoader;
import io.earshot.audio.RecordingStream;
import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureVector;
import io.earshot.openset.OpenSetPolicy;
import io.earshot.openset.SignalGate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A recording, window by window, through the same features, model and open-set rules as a
 * prediction; then the answered windows merged into events.
 *
 * <p>Each window is measured on its active part: quiet edges (frames under the silence gate's
 * floor) are left out, down to {@link #MIN_ACTIVE_SECONDS}, so a sound at the edge of a window is
 * measured as a clip of that sound rather than as a clip half made of silence, which a model
 * trained on whole clips calls novel. One STFT per stretch of audio ({@link
 * FeatureExtractor#extractWindows}) gives every such span exactly the vector its own samples would,
 * and a stretch's windows are scored in one native call.
 *
 * <p>A recording in a file is analysed block by block ({@link RecordingPass}): memory stays bounded
 * whatever its length, and the result is exactly the one of the recording analysed whole.
 */
public final class RecordingAnalyzer {
  /** The shortest part of a window a sound is measured on, however short the sound. */
  static final double MIN_ACTIVE_SECONDS = 1.0;

  /**
   * Audio read per step of the block-wise pass: one minute, so the windows it holds (at most one
   * more) are a small share of the work and its buffers a few megabytes.
   */
  static final int DEFAULT_BLOCK_SAMPLES = 60 * AudioClip.ANALYSIS_RATE;

  /**
   * The longest recording analysed from a file where no other limit is given (CLI {@code analyze});
   * a server's limit for analysis jobs is to come from its configuration.
   */
  public static final double MAX_RECORDING_SECONDS = 24 * 3600.0;

  private final AudioLoader loader;
  private final OpenSetPolicy policy;
  private final int blockSamples;

  /** Windows are measured with the extractor of the model that answers them. */
  public RecordingAnalyzer(AudioLoader loader, OpenSetPolicy policy) {
    this(loader, policy, DEFAULT_BLOCK_SAMPLES);
  }

  /** With another block length, so that tests cross many block boundaries. */
  RecordingAnalyzer(AudioLoader loader, OpenSetPolicy policy, int blockSamples) {
    if (blockSamples <= 0) {
      throw new IllegalArgumentException("blockSamples must be positive, was " + blockSamples);
    }
    this.loader = loader;
    this.policy = policy;
    this.blockSamples = blockSamples;
  }

  /** What the analysis is asked for, beside the recording. */
  public record Request(WindowPlan plan, double mergeGapSeconds, OptionalDouble minConfidence) {
    public Request {
      EventMerger.checkMergeGap(mergeGapSeconds);
    }
  }

  /** Told how a long analysis is going, and asked between blocks whether to go on. */
  public interface Listener {
    /** Reports nothing and never cancels. */
    Listener NONE =
        new Listener() {
          @Override
          public void onProgress(double analysedSeconds, double totalSeconds) {}

          @Override
          public boolean cancelled() {
            return false;
          }
        };

    /**
     * After each block: the recording is analysed up to {@code analysedSeconds} of {@code
     * totalSeconds} (its header's length; NaN while it is not known, and the true length at the
     * end).
     */
    void onProgress(double analysedSeconds, double totalSeconds);

    /** Polled before each block; true ends the pass with {@link AnalysisCancelledException}. */
    boolean cancelled();
  }

  public AnalysisResult analyze(ActiveModel model, byte[] audio, Request request)
      throws AudioDecodeException {
    return analyze(model, loader.load(audio), request);
  }

  /** A recording already in memory, analysed whole. */
  public AnalysisResult analyze(ActiveModel model, AudioClip recording, Request request) {
    List<WindowPlan.Window> windows = request.plan().windows(recording.durationSeconds());
    List<Segment> segments = answer(model, recording, 0, windows, request);
    return result(model, request, recording.durationSeconds(), segments);
  }

  /**
   * A recording file, read and analysed block by block (blocking; call it from a worker thread).
   *
   * @param maxSeconds the longest recording accepted; refused from the header before any audio is
   *     read where the header gives the length
   * @throws AnalysisCancelledException when the listener asks to stop
   */
  public AnalysisResult analyze(
      ActiveModel model, Path file, double maxSeconds, Request request, Listener listener)
      throws IOException, AudioDecodeException {
    try (RecordingStream recording = loader.openRecording(file, maxSeconds)) {
      return analyze(model, recording, request, listener);
    }
  }

  /**
   * Opens a recording file for {@link #analyze(ActiveModel, RecordingStream, Request, Listener)},
   * for a caller that looks at its header first (blocking).
   */
  public RecordingStream open(Path file, double maxSeconds)
      throws IOException, AudioDecodeException {
    return loader.openRecording(file, maxSeconds);
  }

  /** A recording being read, analysed block by block as it arrives. */
  public AnalysisResult analyze(
      ActiveModel model, RecordingStream recording, Request request, Listener listener)
      throws IOException, AudioDecodeException {
    return new RecordingPass(this, model, request, listener, blockSamples).run(recording);
  }

  /**
   * Answers {@code windows}, which lie in {@code audio}: the whole recording, or the stretch of it
   * that starts at sample {@code offset} (a multiple of {@link FeatureExtractor#WINDOW_GRID}, so
   * that every vector is the one the whole recording would give).
   */
  List<Segment> answer(
      ActiveModel model,
      AudioClip audio,
      long offset,
      List<WindowPlan.Window> windows,
      Request request) {
    float[] samples = audio.samples();
    int rate = audio.sampleRate();
    List<FeatureExtractor.Span> spans = new ArrayList<>(windows.size());
    for (WindowPlan.Window w : windows) {
      int from = (int) (Math.round(w.startSeconds() * rate) - offset);
      int to = (int) Math.min(samples.length, Math.round(w.endSeconds() * rate) - offset);
      // quiet edges left out: a sound at a window's edge is then measured as a clip of that sound
      int[] active =
          policy.gate().activeSpan(samples, from, to - from, (int) (MIN_ACTIVE_SECONDS * rate));
      spans.add(new FeatureExtractor.Span(active[0], active[1]));
    }
    List<FeatureVector> features = model.extractor().extractWindows(audio, spans);
    float[][] rows = new float[windows.size()][];
    double[] levels = new double[windows.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = features.get(i).values();
      FeatureExtractor.Span span = spans.get(i);
      levels[i] = SignalGate.loudestFrameDbfs(samples, span.start(), span.length());
    }
    List<Prediction.Answered> answers =
        PredictionPipeline.answerAll(model, rows, levels, request.minConfidence(), policy);
    List<Segment> segments = new ArrayList<>(rows.length);
    for (int i = 0; i < rows.length; i++) {
      WindowPlan.Window w = windows.get(i);
      Prediction.Answered answered = answers.get(i);
      segments.add(
          new Segment(
              w.startSeconds(),
              w.endSeconds(),
              answered.answer().predictedClass(),
              answered.scored().confidence(),
              answered.answer().unknownReason()));
    }
    return segments;
  }

  /** The answered windows of a whole recording, and the events merged from them. */
  static AnalysisResult result(
      ActiveModel model, Request request, double durationSeconds, List<Segment> segments) {
    return new AnalysisResult(
        durationSeconds,
        model.version(),
        model.bundle().metadata().classes(),
        request.plan().windowSeconds(),
        request.plan().hopSeconds(),
        request.mergeGapSeconds(),
        segments,
        EventMerger.merge(segments, request.mergeGapSeconds()));
  }
}
