package io.earshot.jobs.redis;

import io.earshot.jobs.SampleInfo;
import io.earshot.jobs.SamplePage;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Clips as listings show them, read from {@link RedisFeatureStore}'s keys without their features: a
 * page of a clips zset (newest first), then each clip's fields and trained mark in one pipeline.
 */
final class RedisSampleListing {

  private final RedisConnector redis;
  private final String prefix;
  private final String trainedKey;

  RedisSampleListing(RedisConnector redis, String trainedKey) {
    this.redis = redis;
    this.prefix = redis.keyPrefix();
    this.trainedKey = trainedKey;
  }

  String labelKey(String label) {
    return prefix + "samples:label:" + label;
  }

  Future<SamplePage> page(String zsetKey, int offset, int limit) {
    return redis
        .batch(
            List.of(
                Request.cmd(Command.ZRANGE)
                    .arg(zsetKey)
                    .arg(offset)
                    .arg(offset + limit - 1)
                    .arg("REV"),
                Request.cmd(Command.ZCARD).arg(zsetKey)))
        .compose(
            replies -> {
              List<String> shas = replies.get(0).stream().map(Response::toString).toList();
              long total = replies.get(1).toLong();
              return infos(shas).map(items -> new SamplePage(items, total));
            });
  }

  Future<Optional<SampleInfo>> info(String sha256) {
    return infos(List.of(sha256)).map(found -> found.stream().findFirst());
  }

  /** The clips that still exist, in the order asked. */
  private Future<List<SampleInfo>> infos(List<String> shas) {
    if (shas.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Request> requests = new ArrayList<>();
    for (String sha : shas) {
      requests.add(
          Request.cmd(Command.HMGET)
              .arg(prefix + "sample:" + sha)
              .arg("label")
              .arg("filename")
              .arg("at")
              .arg("duration"));
      requests.add(Request.cmd(Command.SISMEMBER).arg(trainedKey).arg(sha));
    }
    return redis
        .batch(requests)
        .map(
            replies -> {
              List<SampleInfo> items = new ArrayList<>();
              for (int i = 0; i < shas.size(); i++) {
                Response fields = replies.get(2 * i);
                if (fields == null || fields.get(0) == null) {
                  continue;
                }
                items.add(
                    new SampleInfo(
                        shas.get(i),
                        fields.get(0).toString(),
                        fields.get(1).toString(),
                        fields.get(3) == null ? null : fields.get(3).toDouble(),
                        Instant.ofEpochMilli(fields.get(2).toLong()),
                        replies.get(2 * i + 1).toInteger() == 1));
              }
              return items;
            });
  }
}
