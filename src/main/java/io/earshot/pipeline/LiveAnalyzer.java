package io.earshot.pipeline;

import io.earshot.analysis.LiveWindows;
import io.earshot.analysis.Segment;
import io.earshot.audio.AudioClip;
import io.earshot.audio.Resampler;
import io.earshot.openset.OpenSetPolicy;
import io.earshot.openset.SignalGate;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * One window of a live stream through the same features, model and open-set rules as a prediction:
 * resampled to the analysis rate, then answered. Safe to call from many worker threads; the
 * stream's own state (its windows and events) lives with the stream.
 */
public final class LiveAnalyzer {
  private final OpenSetPolicy policy;

  /** Windows are measured with the extractor of the model that answers them. */
  public LiveAnalyzer(OpenSetPolicy policy) {
    this.policy = policy;
  }

  /**
   * @param sampleRate the stream's rate, at which {@code window}'s samples are
   */
  public Segment answer(
      ActiveModel model, LiveWindows.Window window, int sampleRate, OptionalDouble minConfidence) {
    float[] samples =
        sampleRate == AudioClip.ANALYSIS_RATE
            ? window.samples()
            : Resampler.resample(window.samples(), sampleRate, AudioClip.ANALYSIS_RATE);
    // as for a recording: quiet edges left out, so a sound is measured as a clip of that sound
    int[] active =
        policy
            .gate()
            .activeSpan(
                samples,
                0,
                samples.length,
                (int) (RecordingAnalyzer.MIN_ACTIVE_SECONDS * AudioClip.ANALYSIS_RATE));
    AudioClip clip =
        new AudioClip(
            Arrays.copyOfRange(samples, active[0], active[0] + active[1]), AudioClip.ANALYSIS_RATE);
    Prediction.Answered answered =
        PredictionPipeline.answer(
            model,
            model.extractor().extract(clip).values(),
            SignalGate.loudestFrameDbfs(samples),
            minConfidence,
            policy);
    return new Segment(
        window.startSeconds(),
        window.endSeconds(),
        answered.answer().predictedClass(),
        answered.scored().confidence(),
        answered.answer().unknownReason());
  }
}
