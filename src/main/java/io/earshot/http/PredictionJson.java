package io.earshot.http;

import io.earshot.pipeline.Prediction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The public JSON shape of a prediction (DESIGN.md's contract plus optional extras). */
final class PredictionJson {
  private PredictionJson() {}

  static JsonObject of(Prediction p, String filename, String language) {
    JsonObject probabilities = new JsonObject();
    p.probabilities().forEach((label, prob) -> probabilities.put(label, round(prob)));
    JsonArray top = new JsonArray();
    p.top()
        .forEach(
            c ->
                top.add(
                    new JsonObject()
                        .put("class", c.label())
                        .put("probability", round(c.probability()))));
    JsonObject json =
        new JsonObject()
            .put("predicted_class", p.predictedClass())
            .put("confidence", round(p.confidence()))
            .put("unknown_reason", reason(p))
            .put("novelty", novelty(p))
            .put("probabilities", probabilities)
            .put("model_version", p.modelVersion())
            .put("processing_time_ms", round(p.timings().totalMs()))
            .put("duration_s", round(p.durationSeconds()))
            .put("top", top)
            .put(
                "timing_ms",
                new JsonObject()
                    .put("decode", round(p.timings().decodeMs()))
                    .put("features", round(p.timings().featuresMs()))
                    .put("scoring", round(p.timings().scoringMs())));
    if (filename != null) {
      json.put("filename", filename);
    }
    if (language != null) {
      json.put("language", language);
    }
    if (!p.explanation().isEmpty()) {
      JsonArray explanation = new JsonArray();
      p.explanation()
          .forEach(
              c ->
                  explanation.add(
                      new JsonObject()
                          .put("feature", c.feature())
                          .put("group", c.group())
                          .put("contribution", round(c.contribution()))));
      json.put("explanation", explanation);
    }
    return json;
  }

  /** The wire name of why the answer abstained, or null when it did not. */
  static String reason(Prediction p) {
    return p.unknownReason() == null ? null : p.unknownReason().wireName();
  }

  /** Novelty rounded for the wire; null for a model trained without a novelty description. */
  static Double novelty(Prediction p) {
    return Double.isNaN(p.novelty()) ? null : round(p.novelty());
  }

  private static double round(double value) {
    return Math.round(value * 10_000.0) / 10_000.0;
  }
}
