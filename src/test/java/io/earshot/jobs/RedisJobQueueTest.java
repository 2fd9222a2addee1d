package io.earshot.jobs;

import io.earshot.jobs.redis.RedisConnector;
import io.earshot.jobs.redis.RedisJobEvents;
import io.earshot.jobs.redis.RedisJobQueue;
import io.earshot.jobs.redis.RedisSettings;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisJobQueueTest extends JobQueueContract {

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private RedisConnector connector;

  @Override
  Future<JobQueue> createQueue(Vertx vertx, JobQueueOptions options) {
    RedisSettings settings = RedisSettings.fromUrl(redis.url()).withKeyPrefix(RedisServerExtension.freshPrefix());
    return RedisConnector.start(vertx, settings)
        .compose(started -> {
          connector = started;
          return RedisJobEvents.start(started);
        })
        .map(events -> new RedisJobQueue(connector, events, options));
  }

  @Override
  Future<Void> closeBackEnd() {
    return connector == null ? Future.succeededFuture() : connector.close();
  }
}
