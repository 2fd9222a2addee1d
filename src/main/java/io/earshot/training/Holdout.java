package io.earshot.training;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact held-out samples {@link Trainer#train} reports its metrics on, so another model (the
 * one being served) can be scored on the same clips before a candidate is promoted.
 */
public final class Holdout {
  private Holdout() {}

  public static List<LabeledSample> of(List<LabeledSample> samples, List<String> featureNames,
      TrainingParams params) {
    TrainingData data = TrainingData.of(samples, featureNames);
    GroupSplits.Split split = GroupSplits.holdout(data.allRows(), data.clipIds, data.y,
        params.validationFraction(), params.seed());
    List<LabeledSample> held = new ArrayList<>(split.validation().length);
    for (int row : split.validation()) {
      held.add(samples.get(row));
    }
    return held;
  }
}
