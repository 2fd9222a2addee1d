package io.earshot.jobs;

import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisJobQueueTest extends JobQueueContract {

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private final RedisBackEnd backEnd = new RedisBackEnd();

  @Override
  Future<JobQueue> createQueue(Vertx vertx, JobQueueOptions options, JobLane lane) {
    return backEnd.queue(vertx, redis, options, lane);
  }

  @Override
  Future<Void> closeBackEnd() {
    return backEnd.close();
  }
}
