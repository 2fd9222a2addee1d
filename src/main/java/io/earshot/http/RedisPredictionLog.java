package io.earshot.http;

import io.earshot.jobs.redis.RedisConnector;
import io.earshot.pipeline.Prediction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every instance's predictions in one capped Redis stream ({@code XADD MAXLEN ~ cap}). */
public final class RedisPredictionLog implements PredictionLog {
  private static final Logger LOG = LoggerFactory.getLogger(RedisPredictionLog.class);
  private final RedisConnector redis;
  private final String key;
  private final int cap;

  public RedisPredictionLog(RedisConnector redis, int cap) {
    this.redis = redis;
    this.key = redis.keyPrefix() + "predictions";
    this.cap = Math.max(1, cap);
  }

  @Override
  public void record(Prediction prediction, String filename) {
    redis
        .send(
            Request.cmd(Command.XADD)
                .arg(key)
                .arg("MAXLEN")
                .arg("~")
                .arg(cap)
                .arg("*")
                .arg("p")
                .arg(PredictionLog.entry(prediction, filename).encode()))
        .onFailure(e -> LOG.debug("prediction not logged: {}", e.getMessage()));
  }

  @Override
  public Future<JsonArray> latest(int limit) {
    return redis
        .send(
            Request.cmd(Command.XREVRANGE)
                .arg(key)
                .arg("+")
                .arg("-")
                .arg("COUNT")
                .arg(Math.max(1, limit)))
        .map(
            reply -> {
              JsonArray out = new JsonArray();
              if (reply != null) {
                for (Response entry : reply) {
                  Response fields = entry.get(1);
                  for (int i = 0; i + 1 < fields.size(); i += 2) {
                    if ("p".equals(fields.get(i).toString())) {
                      out.add(new JsonObject(fields.get(i + 1).toString()));
                    }
                  }
                }
              }
              return out;
            });
  }
}
