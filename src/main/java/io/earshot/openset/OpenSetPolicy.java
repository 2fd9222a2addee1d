package io.earshot.openset;

import io.earshot.model.ScoredPrediction;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The rules that turn a scored clip into an answer or an abstention, applied in order: silent
 * (gate), novel (novelty at or above the threshold), uncertain (best confidence under its class's
 * threshold).
 *
 * @param gate the signal gate
 * @param minConfidence confidence threshold of every class not named in {@code classMinConfidence}
 *     (the global {@code unknown_threshold}); when empty, each model's fitted confidence floor
 * @param classMinConfidence thresholds of single classes
 * @param noveltyThreshold when present, replaces the threshold each model fitted at training time;
 *     1 turns novelty abstention off
 */
public record OpenSetPolicy(
    SignalGate gate,
    OptionalDouble minConfidence,
    Map<String, Double> classMinConfidence,
    OptionalDouble noveltyThreshold) {

  public OpenSetPolicy {
    if (gate == null) {
      throw new IllegalArgumentException("a signal gate is required");
    }
    minConfidence = minConfidence == null ? OptionalDouble.empty() : minConfidence;
    minConfidence.ifPresent(t -> checkConfidence("unknown_threshold", t));
    classMinConfidence = Map.copyOf(classMinConfidence == null ? Map.of() : classMinConfidence);
    classMinConfidence.forEach((label, t) -> checkConfidence("class_thresholds." + label, t));
    noveltyThreshold = noveltyThreshold == null ? OptionalDouble.empty() : noveltyThreshold;
    noveltyThreshold.ifPresent(
        t -> {
          if (!(t > 0 && t <= 1)) {
            throw new IllegalArgumentException("novelty_threshold must be in (0, 1], got " + t);
          }
        });
  }

  /**
   * Defaults: the standard floor, each model's own fitted confidence floor and novelty threshold.
   */
  public static OpenSetPolicy defaults() {
    return new OpenSetPolicy(
        new SignalGate(SignalGate.DEFAULT_FLOOR_DBFS),
        OptionalDouble.empty(),
        Map.of(),
        OptionalDouble.empty());
  }

  /**
   * What a model fitted at training time, used where the configuration sets nothing.
   *
   * @param noveltyThreshold novelty at or above which an answer is novel (1: never)
   * @param minConfidence confidence floor under which an answer is uncertain (0: never)
   */
  public record ModelLimits(double noveltyThreshold, double minConfidence) {
    /** A model trained without a summary: no novelty, no fitted floor. */
    public static final ModelLimits NONE = new ModelLimits(1, 0);
  }

  /** What one clip yields once the rules have run. */
  public record Answer(String predictedClass, UnknownReason unknownReason) {
    public boolean abstained() {
      return unknownReason != null;
    }
  }

  /**
   * @param loudestFrameDbfs the clip's level ({@link SignalGate#loudestFrameDbfs})
   * @param novelty the clip's novelty, or NaN when the model has no novelty description
   * @param model the thresholds the model fitted at training time
   * @param requestMinConfidence when present, the confidence threshold of every class for this one
   *     request (a client's own choice overrides the configured thresholds)
   */
  public Answer decide(
      ScoredPrediction scored,
      double loudestFrameDbfs,
      double novelty,
      ModelLimits model,
      OptionalDouble requestMinConfidence) {
    String best = scored.top().get(0).label();
    if (gate.isSilent(loudestFrameDbfs)) {
      return new Answer(null, UnknownReason.SILENT);
    }
    double noveltyLimit = noveltyThreshold.orElse(model.noveltyThreshold());
    if (!Double.isNaN(novelty) && noveltyLimit < 1 && novelty >= noveltyLimit) {
      return new Answer(null, UnknownReason.NOVEL);
    }
    double threshold =
        requestMinConfidence.orElse(
            classMinConfidence.getOrDefault(best, minConfidence.orElse(model.minConfidence())));
    if (scored.confidence() < threshold) {
      return new Answer(null, UnknownReason.UNCERTAIN);
    }
    return new Answer(best, null);
  }

  /** Checks a per-request {@code min_confidence}; the message names the parameter. */
  public static double checkConfidence(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
    }
    return value;
  }
}
