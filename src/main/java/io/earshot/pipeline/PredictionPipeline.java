package io.earshot.pipeline;

import io.earshot.audio.AudioClip;
import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureVector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bytes → decode → resample → features → score: the one path every prediction takes, from the
 * CLI and from HTTP alike, so a model never sees features computed another way. Runs on the
 * caller's thread (a worker thread in the service); safe to call concurrently.
 */
public final class PredictionPipeline {
  private static final int TOP_CANDIDATES = 3;
  private static final int EXPLAINED_FEATURES = 8;

  private final AudioLoader loader;
  private final FeatureExtractor extractor;
  private final ModelHolder models;
  private final double unknownThreshold;

  public PredictionPipeline(AudioLoader loader, FeatureExtractor extractor, ModelHolder models,
      double unknownThreshold) {
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
    double[] probabilities = model.classifier().probabilities(features.values());
    List<Prediction.Contribution> explanation = explain
        ? Explanations.of(model, features.values(), EXPLAINED_FEATURES)
        : List.of();
    long scored = System.nanoTime();
    return assemble(model, probabilities, clip.durationSeconds(), explanation,
        new Prediction.StageTimings(ms(decoded - start), ms(extracted - decoded), ms(scored - extracted)));
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

  private Prediction assemble(ActiveModel model, double[] probabilities, double durationSeconds,
      List<Prediction.Contribution> explanation, Prediction.StageTimings timings) {
    List<String> classes = model.bundle().metadata().classes();
    Map<String, Double> byClass = new LinkedHashMap<>();
    List<Prediction.Candidate> ranked = new ArrayList<>(classes.size());
    for (int i = 0; i < classes.size(); i++) {
      byClass.put(classes.get(i), probabilities[i]);
      ranked.add(new Prediction.Candidate(classes.get(i), probabilities[i]));
    }
    ranked.sort(Comparator.comparingDouble(Prediction.Candidate::probability).reversed());
    Prediction.Candidate best = ranked.get(0);
    String predicted = best.probability() >= unknownThreshold ? best.label() : null;
    return new Prediction(predicted, best.probability(), byClass,
        List.copyOf(ranked.subList(0, Math.min(TOP_CANDIDATES, ranked.size()))),
        model.version(), durationSeconds, timings, explanation);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
