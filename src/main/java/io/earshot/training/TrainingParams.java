package io.earshot.training;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything a training run can be told. Tree parameters keep XGBoost's meaning; {@code rounds} is
 * the most boosting rounds, early stopping picks the actual count.
 *
 * @param validationFraction share of clips held out for the reported metrics
 * @param unknownThreshold calibrated confidence below which a prediction answers "unknown"
 */
public record TrainingParams(
    int rounds,
    int maxDepth,
    double eta,
    double minChildWeight,
    double subsample,
    double colsampleByTree,
    double lambda,
    int earlyStoppingRounds,
    long seed,
    double validationFraction,
    int nthread,
    ClassWeighting classWeighting,
    double unknownThreshold,
    SearchParams search) {

  static final int ROWS_PER_THREAD = 10_000;

  public TrainingParams {
    check(rounds >= 1, "rounds must be >= 1, got " + rounds);
    check(maxDepth >= 1 && maxDepth <= 16, "max_depth must be in 1..16, got " + maxDepth);
    check(eta > 0 && eta <= 1, "eta must be in (0, 1], got " + eta);
    check(minChildWeight >= 0, "min_child_weight must be >= 0, got " + minChildWeight);
    check(subsample > 0 && subsample <= 1, "subsample must be in (0, 1], got " + subsample);
    check(
        colsampleByTree > 0 && colsampleByTree <= 1,
        "colsample_bytree must be in (0, 1], got " + colsampleByTree);
    check(lambda >= 0, "lambda must be >= 0, got " + lambda);
    check(
        earlyStoppingRounds >= 1, "early_stopping_rounds must be >= 1, got " + earlyStoppingRounds);
    check(
        validationFraction > 0 && validationFraction < 1,
        "validation_fraction must be in (0, 1), got " + validationFraction);
    check(nthread >= 1, "nthread must be >= 1, got " + nthread);
    check(classWeighting != null, "class_weight is required");
    check(
        unknownThreshold >= 0 && unknownThreshold <= 1,
        "unknown_threshold must be in [0, 1], got " + unknownThreshold);
    check(search != null, "search params are required");
  }

  public static TrainingParams defaults() {
    return new TrainingParams(
        200,
        6,
        0.1,
        1,
        0.9,
        0.8,
        1,
        20,
        42,
        0.2,
        Runtime.getRuntime().availableProcessors(),
        ClassWeighting.AUTO,
        0.0,
        SearchParams.DEFAULTS);
  }

  /**
   * Defaults overridden by {@code values} (from HTTP JSON or the CLI). Keys may be snake_case or
   * camelCase; values numbers or numeric strings. Unknown keys are refused so that a typo is not
   * silently ignored.
   */
  public static TrainingParams fromMap(Map<String, ?> values) {
    Map<String, Object> v = new HashMap<>(defaults().toMap());
    for (Map.Entry<String, ?> e : values.entrySet()) {
      String key = canonicalKey(e.getKey());
      if (!v.containsKey(key)) {
        throw new IllegalArgumentException(
            "unknown training parameter '"
                + e.getKey()
                + "'; known: "
                + defaults().toMap().keySet());
      }
      if (e.getValue() != null) {
        v.put(key, e.getValue());
      }
    }
    return new TrainingParams(
        integer(v, "rounds"),
        integer(v, "max_depth"),
        real(v, "eta"),
        real(v, "min_child_weight"),
        real(v, "subsample"),
        real(v, "colsample_bytree"),
        real(v, "lambda"),
        integer(v, "early_stopping_rounds"),
        (long) real(v, "seed"),
        real(v, "validation_fraction"),
        integer(v, "nthread"),
        parse(
            v,
            "class_weight (auto, balanced or none)",
            s -> ClassWeighting.valueOf(s.toUpperCase(Locale.ROOT))),
        real(v, "unknown_threshold"),
        new SearchParams(
            integer(v, "search_trials"),
            integer(v, "search_time_seconds"),
            integer(v, "cv_folds"),
            integer(v, "search_max_rounds")));
  }

  /** All parameters under their snake_case names, as {@link #fromMap} reads them. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rounds", rounds);
    m.putAll(treeParams());
    m.put("early_stopping_rounds", earlyStoppingRounds);
    m.put("seed", seed);
    m.put("validation_fraction", validationFraction);
    m.put("nthread", nthread);
    m.put("class_weight", classWeighting.name().toLowerCase(Locale.ROOT));
    m.put("unknown_threshold", unknownThreshold);
    m.put("search_trials", search.trials());
    m.put("search_time_seconds", search.timeSeconds());
    m.put("cv_folds", search.folds());
    m.put("search_max_rounds", search.maxRounds());
    return m;
  }

  /** The tree parameters a search trial varies, under XGBoost's names. */
  public Map<String, Object> treeParams() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("max_depth", maxDepth);
    m.put("eta", eta);
    m.put("min_child_weight", minChildWeight);
    m.put("subsample", subsample);
    m.put("colsample_bytree", colsampleByTree);
    m.put("lambda", lambda);
    return m;
  }

  /**
   * Threads worth using for {@code rows} samples: {@code nthread} is an upper bound, because on
   * small data OpenMP's per-round synchronisation costs more than the threads save (measured 10x
   * slower with 2 threads than with 1 on 600 rows of a busy 2-core machine).
   */
  public int threadsFor(int rows) {
    return Math.max(1, Math.min(nthread, rows / ROWS_PER_THREAD));
  }

  /** Native XGBoost parameters for {@code numClasses} classes, using {@code threads} threads. */
  public Map<String, Object> boosterParams(int numClasses, int threads) {
    Map<String, Object> m = new HashMap<>(treeParams());
    if (numClasses == 2) {
      m.put("objective", "binary:logistic");
      m.put("eval_metric", "logloss");
    } else {
      m.put("objective", "multi:softprob");
      m.put("num_class", numClasses);
      m.put("eval_metric", "mlogloss");
    }
    m.put("tree_method", "hist");
    m.put("seed", seed);
    m.put("nthread", threads);
    m.put("verbosity", 0);
    return m;
  }

  static String metricName(int numClasses) {
    return numClasses == 2 ? "logloss" : "mlogloss";
  }

  public TrainingParams withTree(
      int maxDepth,
      double eta,
      double minChildWeight,
      double subsample,
      double colsampleByTree,
      double lambda,
      int rounds) {
    return with(
        Map.of(
            "max_depth", maxDepth,
            "eta", eta,
            "min_child_weight", minChildWeight,
            "subsample", subsample,
            "colsample_bytree", colsampleByTree,
            "lambda", lambda,
            "rounds", rounds));
  }

  public TrainingParams withRounds(int rounds) {
    return with(Map.of("rounds", rounds));
  }

  public TrainingParams withSearch(SearchParams search) {
    return with(
        Map.of(
            "search_trials", search.trials(),
            "search_time_seconds", search.timeSeconds(),
            "cv_folds", search.folds(),
            "search_max_rounds", search.maxRounds()));
  }

  public TrainingParams withThreads(int threads) {
    return with(Map.of("nthread", threads));
  }

  public TrainingParams withClassWeighting(ClassWeighting weighting) {
    return with(Map.of("class_weight", weighting.name()));
  }

  /** A copy with some parameters changed, checked like any other. */
  private TrainingParams with(Map<String, Object> changes) {
    Map<String, Object> values = new HashMap<>(toMap());
    values.putAll(changes);
    return fromMap(values);
  }

  private static String canonicalKey(String key) {
    String k = key.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    return switch (k) {
      case "learning_rate" -> "eta";
      case "reg_lambda" -> "lambda";
      case "colsample_by_tree" -> "colsample_bytree";
      case "num_round", "num_rounds", "n_estimators" -> "rounds";
      case "class_weighting" -> "class_weight";
      default -> k;
    };
  }

  private static int integer(Map<String, Object> v, String key) {
    double d = real(v, key);
    if (d != Math.rint(d)) {
      throw new IllegalArgumentException(key + " must be a whole number, got " + v.get(key));
    }
    return (int) d;
  }

  private static double real(Map<String, Object> v, String key) {
    return parse(v, key, Double::parseDouble);
  }

  /** Parses {@code v.get(key)}; a key may carry a hint after a space, e.g. the allowed values. */
  private static <T> T parse(Map<String, Object> v, String key, Function<String, T> parser) {
    Object value = v.get(key.split(" ")[0]);
    try {
      return parser.apply(value.toString().trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value for " + key + ": '" + value + "'", e);
    }
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
