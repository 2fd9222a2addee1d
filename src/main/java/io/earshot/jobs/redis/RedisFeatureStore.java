package io.earshot.jobs.redis;

import io.earshot.jobs.FeatureCodec;
import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.SampleInfo;
import io.earshot.jobs.SamplePage;
import io.earshot.jobs.StoredSample;
import io.earshot.jobs.StoredSamples;
import io.earshot.pipeline.ClipIngest;
import io.earshot.training.DatasetVersion;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Samples in Redis: {@code P sample:<sha256>} hash (label, schema, float32 feature bytes, filename,
 * at, duration), {@code P samples:schema:<id>} set of hashes, {@code P samples:counts} label → clip
 * count, the clips newest first ({@code P samples:clips} and per label {@code P
 * samples:label:<label>}, zsets scored by upload time), {@code P samples:used} (clips a training
 * read under their current label) and the datasets trainings read ({@code P dataset:<version>} hash
 * of clip → label, {@code P datasets} zset). Every change is one Lua script. Reads walk the sets
 * with SSCAN and fetch hashes in pipelined batches. docs/JOBS.md has the keys.
 */
public final class RedisFeatureStore implements FeatureStore {

  /** Ids per SSCAN page, and so hashes per pipelined batch. */
  private static final int BATCH = 500;

  private static final RedisScript PUT = RedisScript.load("put-sample.lua");
  private static final RedisScript RELABEL = RedisScript.load("relabel-sample.lua");
  private static final RedisScript DELETE = RedisScript.load("delete-samples.lua");
  private static final RedisScript REPLACE_FEATURES = RedisScript.load("replace-features.lua");
  private static final RedisScript MARK_TRAINED = RedisScript.load("mark-trained.lua");
  private static final String[] FIELDS = {
    "label", "schema", "features", "filename", "at", "duration"
  };

  private final RedisConnector redis;
  private final String prefix;
  private final String countsKey;
  private final String clipsKey;
  private final String trainedKey;
  private final String datasetsKey;
  private final RedisSampleListing listing;

  public RedisFeatureStore(RedisConnector redis) {
    this.redis = redis;
    this.prefix = redis.keyPrefix();
    this.countsKey = prefix + "samples:counts";
    this.clipsKey = prefix + "samples:clips";
    this.trainedKey = prefix + "samples:used";
    this.datasetsKey = prefix + "datasets";
    this.listing = new RedisSampleListing(redis, trainedKey);
  }

  @Override
  public Future<Boolean> put(StoredSample sample) {
    return PUT.run(
            redis,
            List.of(
                sampleKey(sample.sha256()),
                schemaKey(sample.schemaId()),
                countsKey,
                clipsKey,
                listing.labelKey(sample.label())),
            List.of(
                sample.sha256(),
                sample.label(),
                sample.schemaId(),
                FeatureCodec.encode(sample.features()),
                sample.filename(),
                sample.at().toEpochMilli(),
                sample.isAugmentedVariant() ? 0 : 1,
                sample.durationSeconds() == null ? "" : sample.durationSeconds().toString()))
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
        .batch(
            List.of(
                Request.cmd(Command.ZCARD).arg(clipsKey),
                Request.cmd(Command.SCARD).arg(trainedKey)))
        .map(replies -> Math.max(0, number(replies.get(0)) - number(replies.get(1))));
  }

  @Override
  public Future<Void> markTrained(DatasetVersion dataset) {
    List<Object> args = new ArrayList<>();
    args.add(prefix);
    args.add(dataset.version());
    args.add(System.currentTimeMillis());
    dataset
        .pairs()
        .forEach(
            pair -> {
              args.add(pair.sha256());
              args.add(pair.label());
            });
    return MARK_TRAINED
        .run(redis, List.of(trainedKey, datasetKey(dataset.version()), datasetsKey), args)
        .mapEmpty();
  }

  @Override
  public Future<Optional<DatasetVersion>> dataset(String version) {
    return redis
        .send(Request.cmd(Command.HGETALL).arg(datasetKey(version)))
        .map(
            reply -> {
              Map<String, Response> labels = RedisReplies.fields(reply);
              if (labels.isEmpty()) {
                return Optional.empty();
              }
              List<DatasetVersion.Pair> pairs = new ArrayList<>();
              labels.forEach(
                  (sha, label) -> pairs.add(new DatasetVersion.Pair(sha, label.toString())));
              return Optional.of(new DatasetVersion(version, DatasetVersion.of(pairs).pairs()));
            });
  }

  @Override
  public Future<Long> indexEarlierClips(String schemaId) {
    return new RedisSampleUpgrade(redis, clipsKey, trainedKey).run(schemaId);
  }

  @Override
  public Future<List<String>> missingClips(List<String> sha256s) {
    if (sha256s.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return redis
        .batch(
            sha256s.stream().map(sha -> Request.cmd(Command.EXISTS).arg(sampleKey(sha))).toList())
        .map(
            replies -> {
              List<String> missing = new ArrayList<>();
              for (int i = 0; i < sha256s.size(); i++) {
                if (replies.get(i).toInteger() == 0) {
                  missing.add(sha256s.get(i));
                }
              }
              return missing;
            });
  }

  @Override
  public Future<SamplePage> clips(String label, int offset, int limit) {
    return listing.page(label == null ? clipsKey : listing.labelKey(label), offset, limit);
  }

  @Override
  public Future<Optional<SampleInfo>> info(String sha256) {
    return listing.info(sha256);
  }

  @Override
  public Future<List<String>> clipsLabelled(String label) {
    return redis
        .send(Request.cmd(Command.ZRANGE).arg(listing.labelKey(label)).arg(0).arg(-1))
        .map(reply -> reply.stream().map(Response::toString).toList());
  }

  @Override
  public Future<Optional<String>> relabel(String clipSha256, String label) {
    List<Object> args = new ArrayList<>(List.of(prefix, clipSha256, label));
    args.addAll(StoredSamples.variantKeys(clipSha256));
    return RELABEL
        .run(redis, List.of(countsKey, trainedKey), args)
        .map(reply -> Optional.ofNullable(reply).map(Response::toString));
  }

  @Override
  public Future<List<String>> delete(List<String> clipSha256s) {
    List<Object> args = new ArrayList<>();
    args.add(prefix);
    args.add(ClipIngest.MAX_AUGMENT);
    clipSha256s.stream()
        .distinct()
        .forEach(
            sha -> {
              args.add(sha);
              args.addAll(StoredSamples.variantKeys(sha));
            });
    return DELETE
        .run(redis, List.of(countsKey, clipsKey, trainedKey), args)
        .map(reply -> reply.stream().map(Response::toString).toList());
  }

  @Override
  public Future<Integer> replaceFeatures(
      String fromSchemaId, String toSchemaId, Map<String, float[]> features) {
    if (features.isEmpty()) {
      return Future.succeededFuture(0);
    }
    List<Object> args = new ArrayList<>(List.of(prefix, fromSchemaId, toSchemaId));
    features.forEach(
        (sha, vector) -> {
          args.add(sha);
          args.add(FeatureCodec.encode(vector));
        });
    return REPLACE_FEATURES
        .run(redis, List.of(schemaKey(fromSchemaId), schemaKey(toSchemaId)), args)
        .map(Response::toInteger);
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
            Instant.ofEpochMilli(reply.get(4).toLong()),
            reply.get(5) == null ? null : reply.get(5).toDouble()));
  }

  private static long number(Response value) {
    return value == null ? 0 : value.toLong();
  }

  private String sampleKey(String sha256) {
    return prefix + "sample:" + sha256;
  }

  private String datasetKey(String version) {
    return prefix + "dataset:" + version;
  }

  private String schemaKey(String schemaId) {
    return prefix + "samples:schema:" + schemaId;
  }
}
