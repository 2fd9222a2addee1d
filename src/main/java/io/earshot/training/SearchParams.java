package io.earshot.training;

/**
 * Budget of the hyper-parameter search.
 *
 * @param trials parameter sets tried, the first being the given training params; 0 turns the search
 *     and cross-validation off (early stopping then uses a validation split)
 * @param timeSeconds budget of the search: after it, the running trial stops growing (scored at its
 *     best round so far) and no new trial starts; the refit that follows is not counted
 * @param folds stratified group folds for cross-validation
 * @param maxRounds most boosting rounds a trial may grow before early stopping
 */
public record SearchParams(int trials, int timeSeconds, int folds, int maxRounds) {

  public static final SearchParams DEFAULTS = new SearchParams(12, 300, 5, 500);
  public static final SearchParams OFF = new SearchParams(0, 0, 5, 500);

  public SearchParams(int trials, int timeSeconds, int folds) {
    this(trials, timeSeconds, folds, DEFAULTS.maxRounds);
  }

  public SearchParams {
    require(trials >= 0, "search_trials must be >= 0, got " + trials);
    require(timeSeconds >= 0, "search_time_seconds must be >= 0, got " + timeSeconds);
    require(folds >= 2, "cv_folds must be >= 2, got " + folds);
    require(maxRounds >= 1, "search_max_rounds must be >= 1, got " + maxRounds);
  }

  public boolean enabled() {
    return trials > 0;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
