package io.earshot.http;

import io.earshot.pipeline.Prediction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last predictions this instance made (class, confidence, model version, time), capped, so
 * drift can be watched from the dashboard.
 */
public final class RecentPredictions {
  private final int cap;
  private final Deque<JsonObject> items = new ArrayDeque<>();

  public RecentPredictions(int cap) {
    this.cap = Math.max(1, cap);
  }

  public synchronized void add(Prediction p, String filename) {
    items.addFirst(new JsonObject()
        .put("predicted_class", p.predictedClass())
        .put("confidence", p.confidence())
        .put("model_version", p.modelVersion())
        .put("filename", filename)
        .put("at", Instant.now().toString()));
    while (items.size() > cap) {
      items.removeLast();
    }
  }

  public synchronized JsonArray latest(int limit) {
    JsonArray out = new JsonArray();
    items.stream().limit(Math.max(0, limit)).forEach(out::add);
    return out;
  }
}
