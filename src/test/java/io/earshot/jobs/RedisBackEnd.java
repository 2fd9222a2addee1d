package io.earshot.jobs;

import io.earshot.jobs.redis.RedisConnector;
import io.earshot.jobs.redis.RedisJobEvents;
import io.earshot.jobs.redis.RedisJobQueue;
import io.earshot.jobs.redis.RedisSettings;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** One connector per test, on a key prefix of its own, closed after the test. */
final class RedisBackEnd {

  private RedisConnector connector;
  private Future<RedisJobEvents> events;

  Future<RedisConnector> start(Vertx vertx, RedisServerExtension redis) {
    RedisSettings settings =
        RedisSettings.fromUrl(redis.url()).withKeyPrefix(RedisServerExtension.freshPrefix());
    return RedisConnector.start(vertx, settings).onSuccess(started -> connector = started);
  }

  /**
   * A queue for {@code lane}, connecting on the first call; the lanes of one test share the
   * connector and one event forwarder (a second would put every event on the bus twice).
   */
  Future<JobQueue> queue(
      Vertx vertx, RedisServerExtension redis, JobQueueOptions options, JobLane lane) {
    if (events == null) {
      events = start(vertx, redis).compose(RedisJobEvents::start);
    }
    return events.map(started -> new RedisJobQueue(connector, started, options, lane));
  }

  RedisConnector connector() {
    return connector;
  }

  Future<Void> close() {
    return connector == null ? Future.succeededFuture() : connector.close();
  }
}
