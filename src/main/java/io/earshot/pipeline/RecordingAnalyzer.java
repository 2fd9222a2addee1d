package io.earshot.pipeline;

import io.earshot.analysis.AnalysisResult;
import io.earshot.analysis.EventMerger;
import io.earshot.analysis.Segment;
import io.earshot.analysis.WindowPlan;
import io.earshot.audio.AudioClip;
import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureVector;
import io.earshot.openset.OpenSetPolicy;
import io.earshot.openset.SignalGate;
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
 * trained on whole clips calls novel. One STFT per recording ({@link
 * FeatureExtractor#extractWindows}) gives every such span exactly the vector its own samples would,
 * and all windows are scored in one native call. The recording is still decoded whole into memory;
 * a bounded streaming decode is the next step.
 */
public final class RecordingAnalyzer {
  /** The shortest part of a window a sound is measured on, however short the sound. */
  static final double MIN_ACTIVE_SECONDS = 1.0;

  private final AudioLoader loader;
  private final FeatureExtractor extractor;
  private final OpenSetPolicy policy;

  public RecordingAnalyzer(AudioLoader loader, FeatureExtractor extractor, OpenSetPolicy policy) {
    this.loader = loader;
    this.extractor = extractor;
    this.policy = policy;
  }

  /** What the analysis is asked for, beside the recording. */
  public record Request(WindowPlan plan, double mergeGapSeconds, OptionalDouble minConfidence) {
    public Request {
      EventMerger.checkMergeGap(mergeGapSeconds);
    }
  }

  public AnalysisResult analyze(ActiveModel model, byte[] audio, Request request)
      throws AudioDecodeException {
    return analyze(model, loader.load(audio), request);
  }

  public AnalysisResult analyze(ActiveModel model, AudioClip recording, Request request) {
    float[] samples = recording.samples();
    int rate = recording.sampleRate();
    List<WindowPlan.Window> windows = request.plan().windows(recording.durationSeconds());
    List<FeatureExtractor.Span> spans = new ArrayList<>(windows.size());
    for (WindowPlan.Window w : windows) {
      int from = (int) Math.round(w.startSeconds() * rate);
      int to = Math.min(samples.length, (int) Math.round(w.endSeconds() * rate));
      // quiet edges left out: a sound at a window's edge is then measured as a clip of that sound
      int[] active =
          policy.gate().activeSpan(samples, from, to - from, (int) (MIN_ACTIVE_SECONDS * rate));
      spans.add(new FeatureExtractor.Span(active[0], active[1]));
    }
    List<FeatureVector> features = extractor.extractWindows(recording, spans);
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
    return new AnalysisResult(
        recording.durationSeconds(),
        model.version(),
        model.bundle().metadata().classes(),
        request.plan().windowSeconds(),
        request.plan().hopSeconds(),
        request.mergeGapSeconds(),
        segments,
        EventMerger.merge(segments, request.mergeGapSeconds()));
  }
}
