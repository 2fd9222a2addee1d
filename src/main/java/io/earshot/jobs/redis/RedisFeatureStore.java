package io.earshot.jobs.redis;

import io.earshot.jobs.FeatureCodec;
import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.StoredSample;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Samples in Redis: {@code P sample:<sha256>} hash (label, schema, float32 feature bytes, filename,
 * at), {@code P samples:schema:<id>} set of hashes, {@code P samples:counts} label → count, and the
 * counters {@code P samples:added} / {@code P samples:trained} (value of "added" at the last
 * training). Reads walk the sets with SSCAN and fetch hashes in pipelined batches.
 */
public final class RedisFeatureStore implements FeatureStore {

  /** Ids per SSCAN page, and so hashes per pipelined batch. */
  private static final int BATCH = 500;

  private static final RedisScript PUT = RedisScript.load("put-sample.lua");
  private static final String[] FIELDS = {"label", "schema", "features", "filename", "at"};

  private final RedisConnector redis;
  private final String prefix;
  private final String countsKey;
  private final String addedKey;
  private final String trainedKey;

  public RedisFeatureStore(RedisConnector redis) {
    this.redis = redis;
    this.prefix = redis.keyPrefix();
    this.countsKey = prefix + "samples:counts";
    this.addedKey = prefix + "samples:added";
    this.trainedKey = prefix + "samples:trained";
  }

  @Override
  public Future<Boolean> put(StoredSample sample) {
    return PUT.run(
            redis,
            List.of(sampleKey(sample.sha256()), schemaKey(sample.schemaId()), countsKey, addedKey),
            List.of(
                sample.sha256(),
                sample.label(),
                sample.schemaId(),
                FeatureCodec.encode(sample.features()),
                sample.filename(),
                sample.at().toEpochMilli(),
                sample.isAugmentedVariant() ? 0 : 1))
        .map(reply -> reply.toInteger() == 1);
  }

  @Override
  public Future<Optional<StoredSample>> get(String sha256) {
    return redis.send(read(sha256)).map(reply -> sample(sha256, reply));
  }

  @Override
  public Future<List<StoredSample>> all(String schemaId) {
    return scan(schemaKey(schemaId), "0", new LinkedHashMap<>())
        .map(found -> List.copyOf(found.values()));
  }

  /** One SSCAN page, its hashes in one pipeline, then the next page until the cursor is 0. */
  private Future<Map<String, StoredSample>> scan(
      String setKey, String cursor, Map<String, StoredSample> found) {
    return redis
        .send(Request.cmd(Command.SSCAN).arg(setKey).arg(cursor).arg("COUNT").arg(BATCH))
        .compose(
            page -> {
              String next = page.get(0).toString();
              List<String> ids =
                  page.get(1).stream()
                      .map(Response::toString)
                      .filter(id -> !found.containsKey(id))
                      .toList();
              return redis
                  .batch(ids.stream().map(this::read).toList())
                  .compose(
                      replies -> {
                        for (int i = 0; i < replies.size(); i++) {
                          sample(ids.get(i), replies.get(i))
                              .ifPresent(s -> found.put(s.sha256(), s));
                        }
                        return "0".equals(next)
                            ? Future.succeededFuture(found)
                            : scan(setKey, next, found);
                      });
            });
  }

  @Override
  public Future<Map<String, Long>> counts() {
    return redis
        .send(Request.cmd(Command.HGETALL).arg(countsKey))
        .map(
            reply -> {
              Map<String, Long> counts = new TreeMap<>();
              RedisReplies.fields(reply)
                  .forEach((label, count) -> counts.put(label, count.toLong()));
              return counts;
            });
  }

  @Override
  public Future<Long> countSinceLastTraining() {
    return redis
        .send(Request.cmd(Command.MGET).arg(addedKey).arg(trainedKey))
        .map(reply -> number(reply.get(0)) - number(reply.get(1)));
  }

  /** Copies "added" into "trained" atomically (one script, no read-then-write race). */
  @Override
  public Future<Void> markTrained() {
    return redis
        .send(
            Request.cmd(Command.EVAL)
                .arg("redis.call('SET', KEYS[2], redis.call('GET', KEYS[1]) or '0') return 1")
                .arg(2)
                .arg(addedKey)
                .arg(trainedKey))
        .mapEmpty();
  }

  private Request read(String sha256) {
    Request request = Request.cmd(Command.HMGET).arg(sampleKey(sha256));
    for (String field : FIELDS) {
      request.arg(field);
    }
    return request;
  }

  /** An HMGET reply in {@link #FIELDS} order; all nil when the hash does not exist. */
  private static Optional<StoredSample> sample(String sha256, Response reply) {
    if (reply == null || reply.get(0) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new StoredSample(
            sha256,
            reply.get(0).toString(),
            reply.get(1).toString(),
            FeatureCodec.decode(reply.get(2).toBytes()),
            reply.get(3).toString(),
            Instant.ofEpochMilli(reply.get(4).toLong())));
  }

  private static long number(Response value) {
    return value == null ? 0 : value.toLong();
  }

  private String sampleKey(String sha256) {
    return prefix + "sample:" + sha256;
  }

  private String schemaKey(String schemaId) {
    return prefix + "samples:schema:" + schemaId;
  }
}
