package io.earshot.jobs.local;

import io.earshot.jobs.JobRequest;
import io.earshot.jobs.JobSnapshot;
import io.earshot.jobs.JobStatus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Mutable job state owned by {@link LocalJobQueue} and only touched under its lock. */
final class LocalJob {

  private static final AtomicLong SEQUENCE = new AtomicLong();

  final String id;
  final String type;
  final String lane;
  final JsonObject params;
  final String dedupKey;
  final Instant createdAt;

  /** Submission order, finer than the clock. */
  final long sequence = SEQUENCE.incrementAndGet();

  JobStatus status = JobStatus.QUEUED;
  int attempts;
  Instant startedAt;
  Instant finishedAt;
  JsonObject progress = new JsonObject();
  JsonObject result = new JsonObject();
  String error;
  String workerId;
  boolean cancelRequested;

  LocalJob(String id, JobRequest request, String lane, String dedupKey, Instant createdAt) {
    this.id = id;
    this.type = request.type();
    this.lane = lane;
    this.params = request.params();
    this.dedupKey = dedupKey;
    this.createdAt = createdAt;
  }

  void finish(JobStatus terminal, Instant at) {
    status = terminal;
    finishedAt = at;
  }

  JobSnapshot snapshot() {
    return new JobSnapshot(
        id,
        type,
        lane,
        status,
        params,
        attempts,
        createdAt,
        startedAt,
        finishedAt,
        progress,
        result,
        error,
        workerId,
        cancelRequested);
  }
}
