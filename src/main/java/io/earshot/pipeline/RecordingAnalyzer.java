package io.earshot.pipeline;

import io.earshot.analysis.AnalysisResult;
import io.earshot.analysis.EventMerger;
import io.earshot.analysis.Segment;
import io.earshot.analysis.WindowPlan;
import io.earshot.audio.AudioClip;
import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import io.earshot.openset.OpenSetPolicy;
import io.earshot.openset.SignalGate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A recording, window by window, through the same features, model and open-set rules as a
 * prediction; then the answered windows merged into events.
 *
 * <p>Each window's features are computed from that window's own samples, so the STFT frames two
 * overlapping windows share are computed twice and the whole recording is decoded into memory.
 * Issue 15 replaces both: one STFT per recording with window statistics from shared frames, and a
 * bounded streaming decode. The answers will not change, only their cost.
 */
public final class RecordingAnalyzer {
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
      if (!(mergeGapSeconds >= 0)) {
        throw new IllegalArgumentException(
            "merge_gap_s must be 0 or more seconds, got " + mergeGapSeconds);
      }
    }
  }

  public AnalysisResult analyze(ActiveModel model, byte[] audio, Request request)
      throws AudioDecodeException {
    return analyze(model, loader.load(audio), request);
  }

  public AnalysisResult analyze(ActiveModel model, AudioClip recording, Request request) {
    float[] samples = recording.samples();
    int rate = recording.sampleRate();
    List<Segment> segments = new ArrayList<>();
    for (WindowPlan.Window w : request.plan().windows(recording.durationSeconds())) {
      int from = (int) Math.round(w.startSeconds() * rate);
      int to = Math.min(samples.length, (int) Math.round(w.endSeconds() * rate));
      AudioClip window = new AudioClip(Arrays.copyOfRange(samples, from, to), rate);
      Prediction.Answered answered =
          PredictionPipeline.answer(
              model,
              extractor.extract(window).values(),
              SignalGate.loudestFrameDbfs(window.samples()),
              request.minConfidence(),
              policy);
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
        request.plan().windowSeconds(),
        request.plan().hopSeconds(),
        segments,
        EventMerger.merge(segments, request.mergeGapSeconds()));
  }
}
