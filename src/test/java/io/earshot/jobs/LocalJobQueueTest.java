package io.earshot.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

class LocalJobQueueTest extends JobQueueContract {

  private final LocalLanes lanes = new LocalLanes();

  @Override
  Future<JobQueue> createQueue(Vertx vertx, JobQueueOptions options, JobLane lane) {
    return lanes.queue(vertx, options, lane);
  }

  @Override
  Future<Void> closeBackEnd() {
    return Future.succeededFuture();
  }
}
