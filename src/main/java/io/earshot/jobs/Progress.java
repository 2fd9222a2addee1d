package io.earshot.jobs;

import io.earshot.training.TrainingProgress;
import io.earshot.training.TrialResult;

/**
 * Turns the trainer's phases into one percentage a progress bar can show: the search (when it runs)
 * takes the first 60 %, the final fit the rest.
 */
final class Progress {
  private static final double SEARCH_SHARE = 60;

  private Progress() {}

  static double searchPercent(TrialResult trial) {
    return round(SEARCH_SHARE * trial.trial() / Math.max(1, trial.totalTrials()));
  }

  static double percent(TrainingProgress p) {
    double fraction = (double) p.round() / Math.max(1, p.totalRounds());
    return switch (p.phase()) {
      case "refit" -> round(SEARCH_SHARE + (100 - SEARCH_SHARE) * fraction);
      case "cv" -> Double.NaN; // rounds of one fold of one trial: trials carry the percentage
      default -> round(SEARCH_SHARE * fraction);
    };
  }

  /** {@code done} of {@code total} in percent, at most 100; 0 while the total is not known. */
  static double percent(double done, double total) {
    return total > 0 ? round(Math.min(100, 100 * done / total)) : 0;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
