package io.earshot.jobs;

import io.earshot.jobs.local.LocalJobEvents;
import io.earshot.jobs.local.LocalJobQueue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** In-process queues for one test: the first creates the jobs, the other lanes share them. */
final class LocalLanes {

  private LocalJobQueue first;

  /** As {@link JobsBackEnd#local} wires its lanes; later calls keep the first call's options. */
  Future<JobQueue> queue(Vertx vertx, JobQueueOptions options, JobLane lane) {
    if (first == null) {
      first = new LocalJobQueue(new LocalJobEvents(vertx), options, lane);
      return Future.succeededFuture(first);
    }
    return Future.succeededFuture(first.forLane(lane));
  }
}
