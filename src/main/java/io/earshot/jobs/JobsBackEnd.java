package io.earshot.jobs;

import io.earshot.jobs.local.LocalFeatureStore;
import io.earshot.jobs.local.LocalJobEvents;
import io.earshot.jobs.local.LocalJobQueue;
import io.earshot.jobs.local.LocalModelRegistry;
import io.earshot.jobs.redis.RedisConnector;
import io.earshot.jobs.redis.RedisFeatureStore;
import io.earshot.jobs.redis.RedisHealth;
import io.earshot.jobs.redis.RedisJobEvents;
import io.earshot.jobs.redis.RedisJobQueue;
import io.earshot.jobs.redis.RedisModelRegistry;
import io.earshot.jobs.redis.RedisSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Everything shared between instances, wired for one of two back ends: Redis when a URL is given,
 * else in-process (queue in memory, models and samples as files under a directory).
 *
 * <p>The Redis back end starts even while Redis is down: {@link #redisHealth()} says DOWN and the
 * pub/sub subscriptions are made once it is reachable.
 */
public final class JobsBackEnd {

  static final long SUBSCRIBE_WAIT_MS = 5_000;

  private final JobQueue queue;
  private final JobQueue analysisQueue;
  private final JobEvents events;
  private final ModelRegistry models;
  private final FeatureStore samples;
  private final Optional<RedisConnector> redis;

  private JobsBackEnd(
      JobQueue queue,
      JobQueue analysisQueue,
      JobEvents events,
      ModelRegistry models,
      FeatureStore samples,
      Optional<RedisConnector> redis) {
    this.queue = queue;
    this.analysisQueue = analysisQueue;
    this.events = events;
    this.models = models;
    this.samples = samples;
    this.redis = redis;
  }

  /**
   * @param redisUrl REDIS_URL, or empty for the in-process back end
   * @param localStateDir where the in-process back end keeps model versions ({@code models/}) and
   *     samples ({@code samples/}); unused with Redis
   */
  public static Future<JobsBackEnd> start(
      Vertx vertx, Optional<String> redisUrl, JobQueueOptions options, Path localStateDir) {
    return redisUrl
        .filter(url -> !url.isBlank())
        .map(
            url ->
                Future.succeededFuture(url)
                    .map(RedisSettings::fromUrl) // a malformed URL fails the future, not the caller
                    .compose(settings -> redis(vertx, settings, options)))
        .orElseGet(() -> local(vertx, options, localStateDir));
  }

  /** Queue in memory (jobs do not survive a restart); models and samples on disk. */
  public static Future<JobsBackEnd> local(Vertx vertx, JobQueueOptions options, Path stateDir) {
    JobEvents events = new LocalJobEvents(vertx);
    LocalJobQueue training = new LocalJobQueue(events, options, JobLane.TRAINING);
    return LocalFeatureStore.open(vertx, stateDir.resolve("samples"))
        .map(
            samples ->
                new JobsBackEnd(
                    training,
                    training.forLane(JobLane.ANALYSIS),
                    events,
                    new LocalModelRegistry(vertx, stateDir.resolve("models")),
                    samples,
                    Optional.empty()));
  }

  /**
   * Connects and subscribes. When Redis is down at start the back end is returned at once and
   * subscribes once Redis is reachable; when it is up, start waits for the subscriptions (at most
   * {@link #SUBSCRIBE_WAIT_MS}) so that no event of the first moments is missed.
   */
  public static Future<JobsBackEnd> redis(
      Vertx vertx, RedisSettings settings, JobQueueOptions options) {
    return RedisConnector.start(vertx, settings)
        .compose(
            connector -> {
              RedisJobEvents events = new RedisJobEvents(connector);
              RedisModelRegistry models = new RedisModelRegistry(connector);
              Future<?> subscribed = Future.all(events.subscribe(), models.subscribe());
              JobsBackEnd backEnd =
                  new JobsBackEnd(
                      new RedisJobQueue(connector, events, options, JobLane.TRAINING),
                      new RedisJobQueue(connector, events, options, JobLane.ANALYSIS),
                      events,
                      models,
                      new RedisFeatureStore(connector),
                      Optional.of(connector));
              if (connector.health() != RedisHealth.UP) {
                return Future.succeededFuture(backEnd);
              }
              return subscribed
                  .timeout(SUBSCRIBE_WAIT_MS, TimeUnit.MILLISECONDS)
                  .transform((done, slow) -> Future.succeededFuture(backEnd));
            });
  }

  /** The training lane ({@link JobLane#TRAINING}); it also reads and cancels jobs of any lane. */
  public JobQueue queue() {
    return queue;
  }

  /** The analysis lane ({@link JobLane#ANALYSIS}): many jobs at once, each worker its own. */
  public JobQueue analysisQueue() {
    return analysisQueue;
  }

  public JobEvents events() {
    return events;
  }

  public ModelRegistry models() {
    return models;
  }

  public FeatureStore samples() {
    return samples;
  }

  /**
   * The shared Redis connection, for other capabilities that keep state there (rate limits, logs).
   */
  public Optional<RedisConnector> redis() {
    return redis;
  }

  /** "UP" / "DOWN" with Redis, "DISABLED" in-process: the health endpoint's redis field. */
  public String redisHealth() {
    return redis.map(connector -> connector.health().name()).orElse("DISABLED");
  }

  public Future<Void> close() {
    return redis.map(RedisConnector::close).orElseGet(Future::succeededFuture);
  }
}
