package io.earshot.http;

import io.earshot.pipeline.Prediction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The latest predictions (class, confidence, why it abstained, novelty, model version, time),
 * capped, so drift can be watched: a capped Redis stream shared by every instance, or memory when
 * there is no Redis.
 */
public interface PredictionLog {

  /** Records one answer; never fails the request that produced it. */
  void record(Prediction prediction, String filename);

  /** Newest first. */
  Future<JsonArray> latest(int limit);

  static JsonObject entry(Prediction p, String filename) {
    return new JsonObject()
        .put("predicted_class", p.predictedClass())
        .put("confidence", p.confidence())
        .put("unknown_reason", PredictionJson.reason(p))
        .put("novelty", PredictionJson.novelty(p))
        .put("model_version", p.modelVersion())
        .put("filename", filename)
        .put("at", Instant.now().toString());
  }
}
