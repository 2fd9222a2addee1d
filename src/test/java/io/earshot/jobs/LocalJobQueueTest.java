package io.earshot.jobs;

import io.earshot.jobs.local.LocalJobEvents;
import io.earshot.jobs.local.LocalJobQueue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

class LocalJobQueueTest extends JobQueueContract {

  @Override
  Future<JobQueue> createQueue(Vertx vertx, JobQueueOptions options) {
    return Future.succeededFuture(new LocalJobQueue(new LocalJobEvents(vertx), options));
  }

  @Override
  Future<Void> closeBackEnd() {
    return Future.succeededFuture();
  }
}
