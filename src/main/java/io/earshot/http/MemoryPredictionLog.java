package io.earshot.http;

import io.earshot.pipeline.Prediction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;

/** This instance's latest predictions, kept in memory (no Redis). */
public final class MemoryPredictionLog implements PredictionLog {
  private final int cap;
  private final Deque<JsonObject> items = new ArrayDeque<>();

  public MemoryPredictionLog(int cap) {
    this.cap = Math.max(1, cap);
  }

  @Override
  public synchronized void record(Prediction prediction, String filename) {
    items.addFirst(PredictionLog.entry(prediction, filename));
    while (items.size() > cap) {
      items.removeLast();
    }
  }

  @Override
  public synchronized Future<JsonArray> latest(int limit) {
    JsonArray out = new JsonArray();
    items.stream().limit(Math.max(0, limit)).forEach(out::add);
    return Future.succeededFuture(out);
  }
}
