package io.earshot.jobs.redis;

import static io.earshot.jobs.redis.RedisReplies.fields;
import static io.earshot.jobs.redis.RedisReplies.isError;
import static io.earshot.jobs.redis.RedisReplies.text;

import io.earshot.jobs.ModelInfo;
import io.earshot.jobs.ModelRegistry;
import io.earshot.jobs.StoredModel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Model versions in Redis: {@code P model:<v>} hash (bundle bytes, metadata, metrics,
 * registered_at, size), {@code P models:seq} counter, {@code P models:versions} zset, {@code P
 * models:active} pointer, and the channel {@code P model-activated}.
 */
public final class RedisModelRegistry implements ModelRegistry {

  private static final RedisScript REGISTER = RedisScript.load("register-model.lua");
  private static final RedisScript ACTIVATE = RedisScript.load("activate-model.lua");
  private static final RedisScript SEED = RedisScript.load("seed-model.lua");

  private final RedisConnector redis;
  private final String prefix;
  private final String channel;
  private final String activeKey;
  private final String versionsKey;

  /** Last active version this instance announced or saw, to catch activations missed offline. */
  private volatile String lastSeenActive;

  /** Usable at once; call {@link #subscribe()} to hear about activations. */
  public RedisModelRegistry(RedisConnector redis) {
    this.redis = redis;
    this.prefix = redis.keyPrefix();
    this.channel = prefix + "model-activated";
    this.activeKey = prefix + "models:active";
    this.versionsKey = prefix + "models:versions";
  }

  /** A registry that is already subscribed (waits while Redis is down). */
  public static Future<RedisModelRegistry> start(RedisConnector redis) {
    RedisModelRegistry registry = new RedisModelRegistry(redis);
    return registry.subscribe().map(registry);
  }

  /**
   * Subscribes to activations. After every reconnect the active pointer is read again and a change
   * made while this instance was cut off is announced as if it had been received.
   */
  public Future<Void> subscribe() {
    return activeVersion()
        .recover(unreachable -> Future.succeededFuture(Optional.empty()))
        .compose(
            active -> {
              lastSeenActive = active.orElse(null);
              return redis.subscribe(channel, this::activated, this::resync);
            });
  }

  private void activated(String version) {
    lastSeenActive = version;
    ModelRegistry.announceActivation(redis.vertx(), version);
  }

  private void resync() {
    activeVersion()
        .onSuccess(
            active ->
                active
                    .filter(version -> !Objects.equals(version, lastSeenActive))
                    .ifPresent(this::activated));
  }

  @Override
  public Future<String> register(byte[] bundle, JsonObject metadata, JsonObject metrics) {
    return REGISTER
        .run(
            redis,
            List.of(prefix + "models:seq", versionsKey),
            List.of(
                prefix, bundle, metadata.encode(), metrics.encode(), System.currentTimeMillis()))
        .map(Response::toString);
  }

  @Override
  public Future<Optional<StoredModel>> get(String version) {
    return Future.all(
            redis.send(Request.cmd(Command.HGETALL).arg(modelKey(version))), activeVersion())
        .map(
            both -> {
              Map<String, Response> fields = fields(both.resultAt(0));
              Optional<String> active = both.resultAt(1);
              if (fields.isEmpty()) {
                return Optional.empty();
              }
              ModelInfo info = info(version, fields, active.map(version::equals).orElse(false));
              return Optional.of(new StoredModel(info, fields.get("bundle").toBytes()));
            });
  }

  @Override
  public Future<List<ModelInfo>> list() {
    return Future.all(
            redis.send(Request.cmd(Command.ZRANGE).arg(versionsKey).arg(0).arg(-1).arg("REV")),
            activeVersion())
        .compose(
            both -> {
              List<String> versions =
                  ((Response) both.resultAt(0)).stream().map(Response::toString).toList();
              Optional<String> active = both.resultAt(1);
              List<Request> reads =
                  versions.stream()
                      .map(
                          v ->
                              Request.cmd(Command.HMGET)
                                  .arg(modelKey(v))
                                  .arg("metadata")
                                  .arg("metrics")
                                  .arg("registered_at")
                                  .arg("size"))
                      .toList();
              return redis
                  .batch(reads)
                  .map(
                      replies -> {
                        List<ModelInfo> infos = new ArrayList<>();
                        for (int i = 0; i < replies.size(); i++) {
                          Response r = replies.get(i);
                          String version = versions.get(i);
                          infos.add(
                              new ModelInfo(
                                  version,
                                  json(r.get(0)),
                                  json(r.get(1)),
                                  instant(r.get(2)),
                                  r.get(3) == null ? 0 : r.get(3).toLong(),
                                  active.map(version::equals).orElse(false)));
                        }
                        return infos;
                      });
            });
  }

  @Override
  public Future<Optional<String>> activeVersion() {
    return redis
        .send(Request.cmd(Command.GET).arg(activeKey))
        .map(reply -> Optional.ofNullable(reply).map(Response::toString));
  }

  @Override
  public Future<Optional<StoredModel>> active() {
    return activeVersion()
        .compose(
            version ->
                version.isPresent()
                    ? get(version.get())
                    : Future.succeededFuture(Optional.empty()));
  }

  @Override
  public Future<Optional<String>> seed(byte[] bundle, JsonObject metadata, JsonObject metrics) {
    return SEED.run(
            redis,
            List.of(prefix + "models:seq", versionsKey, activeKey),
            List.of(
                prefix,
                bundle,
                metadata.encode(),
                metrics.encode(),
                System.currentTimeMillis(),
                channel))
        .map(reply -> Optional.ofNullable(reply).map(Response::toString).filter(v -> !v.isEmpty()));
  }

  @Override
  public Future<Void> activate(String version) {
    return ACTIVATE
        .run(redis, List.of(modelKey(version), activeKey), List.of(version, channel))
        .recover(
            failure ->
                Future.failedFuture(
                    isError(failure, "NOMODEL") ? new UnknownModelVersion(version) : failure))
        .mapEmpty();
  }

  @Override
  public Future<Void> onActivated(Consumer<String> listener) {
    return ModelRegistry.listenForActivations(redis.vertx(), listener);
  }

  private String modelKey(String version) {
    return prefix + "model:" + version;
  }

  private static ModelInfo info(String version, Map<String, Response> fields, boolean active) {
    return new ModelInfo(
        version,
        json(fields.get("metadata")),
        json(fields.get("metrics")),
        instant(fields.get("registered_at")),
        Long.parseLong(Objects.requireNonNullElse(text(fields, "size"), "0")),
        active);
  }

  private static JsonObject json(Response text) {
    return text == null ? new JsonObject() : new JsonObject(text.toString());
  }

  private static Instant instant(Response epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis.toLong());
  }
}
