package io.earshot.service;

import io.earshot.config.EarshotConfig;
import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.JobEvents;
import io.earshot.jobs.JobQueue;
import io.earshot.jobs.JobQueueOptions;
import io.earshot.jobs.ModelRegistry;
import io.earshot.jobs.local.LocalFeatureStore;
import io.earshot.jobs.local.LocalJobEvents;
import io.earshot.jobs.local.LocalJobQueue;
import io.earshot.jobs.local.LocalModelRegistry;
import io.earshot.jobs.redis.RedisConnector;
import io.earshot.jobs.redis.RedisFeatureStore;
import io.earshot.jobs.redis.RedisJobEvents;
import io.earshot.jobs.redis.RedisJobQueue;
import io.earshot.jobs.redis.RedisModelRegistry;
import io.earshot.jobs.redis.RedisSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * The shared state of a deployment: Redis when {@code REDIS_URL} is set (needed as soon as there
 * are two instances), otherwise in-process back ends with the model registry on disk.
 */
public record Backends(JobQueue queue, JobEvents events, ModelRegistry registry, FeatureStore features,
    Supplier<String> redisStatus, Supplier<Future<Void>> closer) {

  public static Future<Backends> start(Vertx vertx, EarshotConfig config) {
    JobQueueOptions options = JobQueueOptions.DEFAULTS
        .withVisibilityTimeout(config.jobVisibilityTimeout())
        .withMaxAttempts(config.jobMaxAttempts());
    if (!config.redisEnabled()) {
      JobEvents events = new LocalJobEvents(vertx);
      return Future.succeededFuture(new Backends(new LocalJobQueue(events, options), events,
          new LocalModelRegistry(vertx, config.dataDir().resolve("registry")), new LocalFeatureStore(),
          () -> "DISABLED", Future::succeededFuture));
    }
    RedisSettings settings = RedisSettings.fromUrl(config.redisUrl()).withKeyPrefix(config.redisKeyPrefix());
    return RedisConnector.start(vertx, settings).compose(redis -> RedisJobEvents.start(redis)
        .compose(events -> RedisModelRegistry.start(redis).map(registry -> new Backends(
            new RedisJobQueue(redis, events, options), events, registry, new RedisFeatureStore(redis),
            () -> redis.health().name(), redis::close))));
  }

  public Future<Void> close() {
    return closer.get();
  }
}
