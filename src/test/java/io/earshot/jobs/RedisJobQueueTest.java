package io.earshot.jobs;

import io.earshot.jobs.redis.RedisConnector;
import io.earshot.jobs.redis.RedisJobEvents;
import io.earshot.jobs.redis.RedisJobQueue;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisJobQueueTest extends JobQueueContract {

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private final RedisBackEnd backEnd = new RedisBackEnd();

  @Override
  Future<JobQueue> createQueue(Vertx vertx, JobQueueOptions options) {
    return backEnd.start(vertx, redis).compose(connector -> queue(connector, options));
  }

  private static Future<JobQueue> queue(RedisConnector connector, JobQueueOptions options) {
    return RedisJobEvents.start(connector)
        .map(events -> new RedisJobQueue(connector, events, options));
  }

  @Override
  Future<Void> closeBackEnd() {
    return backEnd.close();
  }
}
