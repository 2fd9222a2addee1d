package io.earshot.pipeline;

import io.earshot.audio.AudioClip;
import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureVector;
import io.earshot.model.ConfidenceFloor;
import io.earshot.model.NoveltyModel;
import io.earshot.model.ScoredPrediction;
import io.earshot.openset.OpenSetPolicy;
import io.earshot.openset.SignalGate;
import io.earshot.openset.UnknownReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * bytes → decode → resample → features → score → open-set rules: the one path every prediction
 * takes, from the CLI and from HTTP alike, so a model never sees features computed another way.
 * Runs on the caller's thread (a worker thread in the service); safe to call concurrently.
 */
public final class PredictionPipeline {
  private static final int EXPLAINED_FEATURES = 8;

  private final AudioLoader loader;
  private final ModelHolder models;
  private final OpenSetPolicy policy;
  private final DriftWatch drift;

  /** A pipeline that keeps no window of recent features (the CLI). */
  public PredictionPipeline(AudioLoader loader, ModelHolder models, OpenSetPolicy policy) {
    this(loader, models, policy, new DriftWatch(0));
  }

  /** Features come from the extractor of the served model's own schema ({@link ActiveModel}). */
  public PredictionPipeline(
      AudioLoader loader, ModelHolder models, OpenSetPolicy policy, DriftWatch drift) {
    this.loader = loader;
    this.models = models;
    this.policy = policy;
    this.drift = drift;
  }

  public Prediction predict(byte[] audio, boolean explain) throws AudioDecodeException {
    return predict(audio, explain, OptionalDouble.empty());
  }

  /**
   * @param minConfidence a client's confidence threshold for this request, replacing the configured
   *     ones
   */
  public Prediction predict(byte[] audio, boolean explain, OptionalDouble minConfidence)
      throws AudioDecodeException {
    ActiveModel model = models.current().orElseThrow(NoModelException::new);
    long start = System.nanoTime();
    AudioClip clip = loader.load(audio);
    long decoded = System.nanoTime();
    // probabilities are reported for silent clips too, so a client can judge for itself
    FeatureVector features = model.extractor().extract(clip);
    long extracted = System.nanoTime();
    Prediction.Answered answered =
        answer(
            model,
            features.values(),
            SignalGate.loudestFrameDbfs(clip.samples()),
            minConfidence,
            policy);
    if (answered.answer().unknownReason() != UnknownReason.SILENT) {
      drift.record(features.values());
    }
    List<Prediction.Contribution> explanation =
        explain
            ? Explanations.of(model.classifier().explain(features.values(), EXPLAINED_FEATURES))
            : List.of();
    long done = System.nanoTime();
    ScoredPrediction scored = answered.scored();
    return new Prediction(
        answered.answer().predictedClass(),
        scored.confidence(),
        answered.answer().unknownReason(),
        answered.novelty(),
        answered.loudestFrameDbfs(),
        scored.probabilities(),
        scored.top(),
        model.version(),
        clip.durationSeconds(),
        new Prediction.StageTimings(
            ms(decoded - start), ms(extracted - decoded), ms(done - extracted)),
        explanation);
  }

  /** The same for features extracted elsewhere (evaluation), with the clip's level given. */
  public static Prediction.Answered answer(
      ActiveModel model,
      float[] features,
      double loudestFrameDbfs,
      OptionalDouble minConfidence,
      OpenSetPolicy policy) {
    return answer(
        model,
        model.classifier().predict(features, 0),
        features,
        loudestFrameDbfs,
        minConfidence,
        policy);
  }

  /** The same for many vectors (a recording's windows), scored in one native call. */
  public static List<Prediction.Answered> answerAll(
      ActiveModel model,
      float[][] features,
      double[] loudestFrameDbfs,
      OptionalDouble minConfidence,
      OpenSetPolicy policy) {
    List<ScoredPrediction> scored =
        features.length == 0 ? List.of() : model.classifier().predictBatch(features);
    List<Prediction.Answered> out = new ArrayList<>(features.length);
    for (int i = 0; i < features.length; i++) {
      out.add(
          answer(model, scored.get(i), features[i], loudestFrameDbfs[i], minConfidence, policy));
    }
    return out;
  }

  private static Prediction.Answered answer(
      ActiveModel model,
      ScoredPrediction scored,
      float[] features,
      double loudestFrameDbfs,
      OptionalDouble minConfidence,
      OpenSetPolicy policy) {
    NoveltyModel novelty = model.bundle().novelty().orElse(null);
    // measured to the class the model would answer: that class's own clips must support it
    int best = model.bundle().metadata().classes().indexOf(scored.top().get(0).label());
    double score = novelty == null ? Double.NaN : novelty.score(features, best).novelty();
    OpenSetPolicy.ModelLimits limits =
        new OpenSetPolicy.ModelLimits(
            novelty == null ? 1 : novelty.threshold(),
            model.bundle().confidenceFloor().map(ConfidenceFloor::threshold).orElse(0.0));
    return new Prediction.Answered(
        scored,
        policy.decide(scored, loudestFrameDbfs, score, limits, minConfidence),
        score,
        loudestFrameDbfs);
  }

  public Optional<ActiveModel> activeModel() {
    return models.current();
  }

  public String activeVersion() {
    return models.versionOrNull();
  }

  public AudioLoader loader() {
    return loader;
  }

  public OpenSetPolicy policy() {
    return policy;
  }

  /** Recent features against the served model's training distribution. */
  public DriftWatch drift() {
    return drift;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
