package io.earshot.jobs;

import io.earshot.training.TrainingParams;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/retrain}, checked when the job is requested (so a typo is a 400,
 * not a failed job) and parsed again by the worker that runs it.
 *
 * @param augment augmented variants per clip to train on (those stored at upload), 0 for none
 * @param force promote the candidate even if it scores worse than the served model
 * @param datasetVersion train on exactly the clips and labels of this recorded dataset; empty for
 *     every stored clip
 */
public record RetrainParams(
    TrainingParams training, int augment, boolean force, Optional<String> datasetVersion) {

  private static final Pattern VERSION = Pattern.compile("[0-9a-f]{64}");

  /** Search budget used when a request does not say; small enough that a retrain stays quick. */
  public record SearchDefaults(int trials, int timeSeconds, int folds) {}

  public static RetrainParams parse(JsonObject body, SearchDefaults defaults) {
    JsonObject json = body == null ? new JsonObject() : body.copy();
    int augment = intValue(json.remove("augment"), "augment", 0);
    if (augment < 0 || augment > 20) {
      throw new IllegalArgumentException(
          "augment must be between 0 and 20 variants per clip, was " + augment);
    }
    Object force = json.remove("force");
    if (force != null && !(force instanceof Boolean)) {
      throw new IllegalArgumentException("force must be true or false");
    }
    Object version = json.remove("dataset_version");
    if (version != null && !(version instanceof String text && VERSION.matcher(text).matches())) {
      throw new IllegalArgumentException(
          "dataset_version must be the 64 hex digits a model's dataset.version shows"
              + " (GET /api/v1/models), was "
              + version);
    }
    Map<String, Object> values = new HashMap<>();
    values.put("search_trials", defaults.trials());
    values.put("search_time_seconds", defaults.timeSeconds());
    values.put("cv_folds", defaults.folds());
    Object search = json.remove("search");
    if (search instanceof JsonObject s) {
      putIfPresent(values, "search_trials", s.getValue("trials"));
      putIfPresent(values, "search_time_seconds", s.getValue("time_s"));
    } else if (search != null) {
      throw new IllegalArgumentException(
          "search must be an object like {\"trials\": 8, \"time_s\": 60}");
    }
    putIfPresent(values, "cv_folds", json.remove("cv"));
    values.putAll(json.getMap());
    return new RetrainParams(
        TrainingParams.fromMap(values),
        augment,
        Boolean.TRUE.equals(force),
        Optional.ofNullable((String) version));
  }

  private static void putIfPresent(Map<String, Object> values, String key, Object value) {
    if (value != null) {
      values.put(key, value);
    }
  }

  private static int intValue(Object value, String name, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    throw new IllegalArgumentException(name + " must be a whole number");
  }
}
