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
 *     (the former global {@code unknown_threshold}); 0 never abstains as uncertain
 * @param classMinConfidence thresholds of single classes
 * @param noveltyThreshold when present, replaces the threshold each model fitted at training time;
 *     1 turns novelty abstention off
 */
public record OpenSetPolicy(
    SignalGate gate,
    double minConfidence,
    Map<String, Double> classMinConfidence,
    OptionalDouble noveltyThreshold) {

  public OpenSetPolicy {
    if (gate == null) {
      throw new IllegalArgumentException("a signal gate is required");
    }
    checkConfidence("unknown_threshold", minConfidence);
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

  /** Defaults: the standard floor, no confidence threshold, each model's own novelty threshold. */
  public static OpenSetPolicy defaults() {
    return new OpenSetPolicy(
        new SignalGate(SignalGate.DEFAULT_FLOOR_DBFS), 0, Map.of(), OptionalDouble.empty());
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
   * @param modelNoveltyThreshold the threshold the model fitted at training time
   * @param requestMinConfidence when present, the confidence threshold of every class for this one
   *     request (a client's own choice overrides the configured thresholds)
   */
  public Answer decide(
      ScoredPrediction scored,
      double loudestFrameDbfs,
      double novelty,
      double modelNoveltyThreshold,
      OptionalDouble requestMinConfidence) {
    String best = scored.top().get(0).label();
    if (gate.isSilent(loudestFrameDbfs)) {
      return new Answer(null, UnknownReason.SILENT);
    }
    double noveltyLimit = noveltyThreshold.orElse(modelNoveltyThreshold);
    if (!Double.isNaN(novelty) && noveltyLimit < 1 && novelty >= noveltyLimit) {
      return new Answer(null, UnknownReason.NOVEL);
    }
    double threshold =
        requestMinConfidence.orElse(classMinConfidence.getOrDefault(best, minConfidence));
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
