package io.earshot.jobs.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings clips stored by an earlier version (before the listing zsets and the trained mark) into
 * {@link RedisFeatureStore}'s listings, once: the running schema's set is walked with SSCAN, each
 * page listed by one script, then the earlier auto-retrain counters become the trained mark. Every
 * step is idempotent, so instances starting together, or a start interrupted, do no harm.
 */
final class RedisSampleUpgrade {
  private static final RedisScript INDEX = RedisScript.load("index-samples.lua");
  private static final RedisScript FINISH = RedisScript.load("finish-index.lua");
  private static final int BATCH = 500;

  private final RedisConnector redis;
  private final String prefix;
  private final String clipsKey;
  private final String trainedKey;
  private final String doneKey;

  RedisSampleUpgrade(RedisConnector redis, String clipsKey, String trainedKey) {
    this.redis = redis;
    this.prefix = redis.keyPrefix();
    this.clipsKey = clipsKey;
    this.trainedKey = trainedKey;
    this.doneKey = prefix + "samples:indexed";
  }

  /** The clips it listed (0 once done). */
  Future<Long> run(String schemaId) {
    return redis
        .send(Request.cmd(Command.EXISTS).arg(doneKey))
        .compose(
            done ->
                done.toInteger() == 1
                    ? Future.succeededFuture(0L)
                    : page(prefix + "samples:schema:" + schemaId, "0", 0L)
                        .compose(
                            listed ->
                                FINISH
                                    .run(
                                        redis,
                                        List.of(
                                            clipsKey,
                                            trainedKey,
                                            prefix + "samples:added",
                                            prefix + "samples:trained",
                                            doneKey),
                                        List.of())
                                    .map(listed)));
  }

  private Future<Long> page(String setKey, String cursor, long listed) {
    return redis
        .send(Request.cmd(Command.SSCAN).arg(setKey).arg(cursor).arg("COUNT").arg(BATCH))
        .compose(
            reply -> {
              String next = reply.get(0).toString();
              List<Object> args = new ArrayList<>();
              args.add(prefix);
              reply.get(1).forEach(id -> args.add(id.toString()));
              Future<Response> indexed =
                  args.size() == 1
                      ? Future.succeededFuture(null)
                      : INDEX.run(redis, List.of(clipsKey), args);
              return indexed.compose(
                  count -> {
                    long total = listed + (count == null ? 0 : count.toLong());
                    return "0".equals(next)
                        ? Future.succeededFuture(total)
                        : page(setKey, next, total);
                  });
            });
  }
}
