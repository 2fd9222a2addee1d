package io.earshot.training;

/** Receives training progress; called on the training thread. */
public interface TrainingListener {

  TrainingListener NONE = new TrainingListener() {};

  default void onRound(TrainingProgress progress) {}

  default void onTrial(TrialResult trial) {}

  /**
   * Polled before every boosting round; true stops training with {@link
   * TrainingCancelledException}.
   */
  default boolean cancelled() {
    return false;
  }
}
