package io.earshot.training;

import io.earshot.model.Classifier;
import io.earshot.model.ModelBundle;
import java.util.List;
import java.util.Optional;

/**
 * One retraining as the service runs it: train a candidate, score it and the model being served on
 * the same held-out clips, and decide whether the candidate may replace it.
 */
public final class Retrainer {
  private Retrainer() {}

  /**
   * @param macroF1 the candidate's macro-F1 on the hold-out
   * @param activeMacroF1 the served model's macro-F1 on the same clips; empty when there is no
   *     served model or it knows other classes (then the comparison means nothing)
   * @param promote whether the candidate should become the active model
   */
  public record Outcome(
      ModelBundle bundle,
      double macroF1,
      Optional<Double> activeMacroF1,
      boolean promote,
      String reason) {}

  public static Outcome run(
      List<LabeledSample> samples,
      String schemaId,
      List<String> featureNames,
      TrainingParams params,
      TrainingListener listener,
      Optional<Classifier> active,
      boolean force) {
    TrainingResult result = Trainer.train(samples, schemaId, featureNames, params, listener);
    ModelBundle candidate = result.bundle();
    double candidateF1 = result.metrics().macroF1();
    // the hold-out's vectors are of the candidate's schema: a model of another feature version
    // cannot be scored on them
    Optional<Classifier> comparable =
        active
            .filter(c -> c.metadata().schemaId().equals(schemaId))
            .filter(c -> c.metadata().classes().equals(candidate.metadata().classes()));
    Optional<Double> activeF1 =
        comparable.map(c -> Evaluator.evaluate(c, result.holdout()).macroF1());
    if (force) {
      return new Outcome(candidate, candidateF1, activeF1, true, "forced");
    }
    if (activeF1.isEmpty()) {
      return new Outcome(candidate, candidateF1, activeF1, true, whyNotCompared(active, schemaId));
    }
    boolean notWorse = candidateF1 + 1e-9 >= activeF1.get();
    return new Outcome(
        candidate,
        candidateF1,
        activeF1,
        notWorse,
        notWorse
            ? "macro-F1 not worse than the served model on the same hold-out"
            : "macro-F1 worse than the served model on the same hold-out; kept, not promoted");
  }

  private static String whyNotCompared(Optional<Classifier> active, String schemaId) {
    if (active.isEmpty()) {
      return "no model was served";
    }
    String served = active.get().metadata().schemaId();
    return served.equals(schemaId)
        ? "the served model knows other classes"
        : "the served model reads features "
            + served
            + ", the candidate "
            + schemaId
            + " (another feature version: nothing to compare on)";
  }
}
