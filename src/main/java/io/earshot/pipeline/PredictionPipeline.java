package io.earshot.pipeline;

import io.earshot.audio.AudioClip;
import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureVector;
import io.earshot.model.ScoredPrediction;
import java.util.List;

/**
 * bytes → decode → resample → features → score: the one path every prediction takes, from the CLI
 * and from HTTP alike, so a model never sees features computed another way. Runs on the caller's
 * thread (a worker thread in the service); safe to call concurrently.
 */
public final class PredictionPipeline {
  private static final int EXPLAINED_FEATURES = 8;

  private final AudioLoader loader;
  private final FeatureExtractor extractor;
  private final ModelHolder models;
  private final double unknownThreshold;

  public PredictionPipeline(
      AudioLoader loader, FeatureExtractor extractor, ModelHolder models, double unknownThreshold) {
    this.loader = loader;
    this.extractor = extractor;
    this.models = models;
    this.unknownThreshold = unknownThreshold;
  }

  public Prediction predict(byte[] audio, boolean explain) throws AudioDecodeException {
    ActiveModel model = models.current().orElseThrow(NoModelException::new);
    long start = System.nanoTime();
    AudioClip clip = loader.load(audio);
    long decoded = System.nanoTime();
    FeatureVector features = extractor.extract(clip);
    long extracted = System.nanoTime();
    ScoredPrediction scored = model.classifier().predict(features.values(), unknownThreshold);
    List<Prediction.Contribution> explanation =
        explain
            ? Explanations.of(model.classifier().explain(features.values(), EXPLAINED_FEATURES))
            : List.of();
    long done = System.nanoTime();
    return new Prediction(
        scored.predictedClass(),
        scored.confidence(),
        scored.probabilities(),
        scored.top(),
        model.version(),
        clip.durationSeconds(),
        new Prediction.StageTimings(
            ms(decoded - start), ms(extracted - decoded), ms(done - extracted)),
        explanation);
  }

  public String activeVersion() {
    return models.versionOrNull();
  }

  public FeatureExtractor extractor() {
    return extractor;
  }

  public AudioLoader loader() {
    return loader;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
