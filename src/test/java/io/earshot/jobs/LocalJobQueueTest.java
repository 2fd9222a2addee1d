package io.earshot.jobs;

import io.earshot.jobs.local.LocalJobEvents;
import io.earshot.jobs.local.LocalJobQueue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

class LocalJobQueueTest extends JobQueueContract {

  /** The test's first queue; the other lanes share its jobs, as in {@link JobsBackEnd#local}. */
  private LocalJobQueue first;

  @Override
  Future<JobQueue> createQueue(Vertx vertx, JobQueueOptions options, JobLane lane) {
    if (first == null) {
      first = new LocalJobQueue(new LocalJobEvents(vertx), options, lane);
      return Future.succeededFuture(first);
    }
    return Future.succeededFuture(first.forLane(lane));
  }

  @Override
  Future<Void> closeBackEnd() {
    return Future.succeededFuture();
  }
}
