package io.earshot.jobs.local;

import io.earshot.jobs.ClaimedJob;
import io.earshot.jobs.HeartbeatReply;
import io.earshot.jobs.JobEvent;
import io.earshot.jobs.JobEvents;
import io.earshot.jobs.JobException;
import io.earshot.jobs.JobQueue;
import io.earshot.jobs.JobQueueOptions;
import io.earshot.jobs.JobRequest;
import io.earshot.jobs.JobSnapshot;
import io.earshot.jobs.JobStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The in-process queue used when no Redis is configured: same contract as the Redis one, state in
 * memory (lost on restart), every transition under one lock.
 */
public final class LocalJobQueue implements JobQueue {

  private final JobEvents events;
  private final JobQueueOptions options;
  private final Clock clock;

  private final Map<String, LocalJob> jobs = new HashMap<>();
  private final Deque<String> queue = new ArrayDeque<>();
  private final Map<String, String> queuedByDedupKey = new HashMap<>();

  /** The job holding the training lease (possibly expired), or null. */
  private String runningJobId;

  private Instant leaseExpiresAt = Instant.EPOCH;

  public LocalJobQueue(JobEvents events, JobQueueOptions options, Clock clock) {
    this.events = events;
    this.options = options;
    this.clock = clock;
  }

  public LocalJobQueue(JobEvents events, JobQueueOptions options) {
    this(events, options, Clock.systemUTC());
  }

  @Override
  public Future<JobSnapshot> submit(JobRequest request) {
    JobSnapshot job;
    boolean merged;
    synchronized (this) {
      forgetExpired();
      String dedupKey = request.dedupKey();
      String existing = queuedByDedupKey.get(dedupKey);
      merged = existing != null;
      if (merged) {
        job = jobs.get(existing).snapshot();
      } else {
        LocalJob created = new LocalJob(UUID.randomUUID().toString(), request, dedupKey, now());
        jobs.put(created.id, created);
        queue.addLast(created.id);
        queuedByDedupKey.put(dedupKey, created.id);
        job = created.snapshot();
      }
    }
    return merged ? Future.succeededFuture(job) : JobEvent.QUEUED.announce(events, job);
  }

  @Override
  public Future<Optional<ClaimedJob>> claim(String workerId) {
    JobSnapshot closed = null;
    ClaimedJob claimed = null;
    synchronized (this) {
      Instant now = now();
      if (runningJobId != null && now.isBefore(leaseExpiresAt)) {
        return Future.succeededFuture(Optional.empty());
      }
      if (runningJobId != null) {
        LocalJob abandoned = jobs.get(runningJobId);
        runningJobId = null;
        String reason = "lease expired: worker " + abandoned.workerId + " stopped heartbeating";
        if (abandoned.cancelRequested) {
          abandoned.finish(JobStatus.CANCELLED, now);
          closed = abandoned.snapshot();
        } else if (abandoned.attempts >= options.maxAttempts()) {
          abandoned.error = reason;
          abandoned.finish(JobStatus.DEAD, now);
          closed = abandoned.snapshot();
        } else {
          abandoned.error = reason;
          claimed = new ClaimedJob(start(abandoned, workerId, now), workerId, true);
        }
      }
      if (claimed == null && !queue.isEmpty()) {
        LocalJob next = jobs.get(queue.pollFirst());
        queuedByDedupKey.remove(next.dedupKey, next.id);
        claimed = new ClaimedJob(start(next, workerId, now), workerId, false);
      }
    }
    Future<?> closing =
        closed == null
            ? Future.succeededFuture()
            : JobEvent.forStatus(closed.status()).announce(events, closed);
    ClaimedJob result = claimed;
    return closing.compose(
        ignored ->
            result == null
                ? Future.succeededFuture(Optional.empty())
                : JobEvent.STARTED.announce(events, result.job()).map(job -> Optional.of(result)));
  }

  private JobSnapshot start(LocalJob job, String workerId, Instant now) {
    job.status = JobStatus.RUNNING;
    job.workerId = workerId;
    job.attempts++;
    job.startedAt = now;
    runningJobId = job.id;
    leaseExpiresAt = now.plus(options.visibilityTimeout());
    return job.snapshot();
  }

  @Override
  public Future<HeartbeatReply> heartbeat(String jobId, String workerId) {
    return guarded(() -> Future.succeededFuture(beat(jobId, workerId)));
  }

  private synchronized HeartbeatReply beat(String jobId, String workerId) {
    LocalJob job = find(jobId);
    boolean held = holds(job, workerId);
    if (held) {
      leaseExpiresAt = now().plus(options.visibilityTimeout());
    }
    return new HeartbeatReply(held, job.cancelRequested);
  }

  /** Same rule as Redis: an expired lease still belongs to its worker until someone claims. */
  private boolean holds(LocalJob job, String workerId) {
    return job.status == JobStatus.RUNNING
        && job.id.equals(runningJobId)
        && job.workerId.equals(workerId);
  }

  @Override
  public Future<Void> progress(String jobId, String workerId, JsonObject progress) {
    return guarded(
            () -> JobEvent.PROGRESS.announce(events, recordProgress(jobId, workerId, progress)))
        .mapEmpty();
  }

  private synchronized JobSnapshot recordProgress(
      String jobId, String workerId, JsonObject progress) {
    LocalJob held = held(jobId, workerId);
    held.progress = progress.copy();
    return held.snapshot();
  }

  @Override
  public Future<JobSnapshot> complete(String jobId, String workerId, JsonObject result) {
    return finishHeld(jobId, workerId, JobStatus.SUCCEEDED, job -> job.result = result.copy());
  }

  @Override
  public Future<JobSnapshot> fail(String jobId, String workerId, String error) {
    return guarded(
        () -> {
          JobSnapshot job = retryOrBury(jobId, workerId, error);
          return JobEvent.forStatus(job.status()).announce(events, job);
        });
  }

  private synchronized JobSnapshot retryOrBury(String jobId, String workerId, String error) {
    LocalJob held = held(jobId, workerId);
    held.error = error;
    release(held);
    if (held.attempts < options.maxAttempts()) {
      held.status = JobStatus.QUEUED;
      queue.addFirst(held.id);
      queuedByDedupKey.put(held.dedupKey, held.id);
    } else {
      held.finish(JobStatus.DEAD, now());
    }
    return held.snapshot();
  }

  @Override
  public Future<JobSnapshot> failPermanently(String jobId, String workerId, String error) {
    return finishHeld(jobId, workerId, JobStatus.FAILED, job -> job.error = error);
  }

  @Override
  public Future<JobSnapshot> acknowledgeCancel(String jobId, String workerId) {
    return finishHeld(jobId, workerId, JobStatus.CANCELLED, job -> {});
  }

  private Future<JobSnapshot> finishHeld(
      String jobId, String workerId, JobStatus status, Consumer<LocalJob> update) {
    return guarded(
        () -> JobEvent.forStatus(status).announce(events, finish(jobId, workerId, status, update)));
  }

  private synchronized JobSnapshot finish(
      String jobId, String workerId, JobStatus status, Consumer<LocalJob> update) {
    LocalJob held = held(jobId, workerId);
    update.accept(held);
    release(held);
    held.finish(status, now());
    return held.snapshot();
  }

  private LocalJob held(String jobId, String workerId) {
    LocalJob job = find(jobId);
    if (!holds(job, workerId)) {
      throw new JobException.LeaseLost(jobId, workerId);
    }
    return job;
  }

  private void release(LocalJob job) {
    if (job.id.equals(runningJobId)) {
      runningJobId = null;
    }
  }

  @Override
  public Future<JobSnapshot> cancel(String jobId) {
    return guarded(
        () -> {
          JobSnapshot job = cancelNow(jobId);
          return job.status() == JobStatus.CANCELLED
              ? JobEvent.CANCELLED.announce(events, job)
              : Future.succeededFuture(job);
        });
  }

  private synchronized JobSnapshot cancelNow(String jobId) {
    LocalJob found = find(jobId);
    switch (found.status) {
      case QUEUED -> {
        queue.remove(found.id);
        queuedByDedupKey.remove(found.dedupKey, found.id);
        found.finish(JobStatus.CANCELLED, now());
      }
      case RUNNING -> found.cancelRequested = true;
      default -> throw new JobException.WrongState(jobId, found.status, "cancel");
    }
    return found.snapshot();
  }

  @Override
  public Future<Boolean> isCancelRequested(String jobId) {
    return guarded(() -> Future.succeededFuture(cancelRequested(jobId)));
  }

  private synchronized boolean cancelRequested(String jobId) {
    return find(jobId).cancelRequested;
  }

  @Override
  public synchronized Future<Optional<JobSnapshot>> get(String jobId) {
    forgetExpired();
    return Future.succeededFuture(Optional.ofNullable(jobs.get(jobId)).map(LocalJob::snapshot));
  }

  @Override
  public Future<Optional<JobSnapshot>> latest() {
    return list(1).map(all -> all.stream().findFirst());
  }

  @Override
  public synchronized Future<List<JobSnapshot>> list(int limit) {
    forgetExpired();
    return Future.succeededFuture(
        jobs.values().stream()
            .sorted(Comparator.comparingLong((LocalJob job) -> job.sequence).reversed())
            .limit(Math.max(0, limit))
            .map(LocalJob::snapshot)
            .toList());
  }

  private LocalJob find(String jobId) {
    forgetExpired();
    LocalJob job = jobs.get(jobId);
    if (job == null) {
      throw new JobException.UnknownJob(jobId);
    }
    return job;
  }

  private void forgetExpired() {
    Instant horizon = now().minus(options.retention());
    jobs.values().removeIf(job -> job.finishedAt != null && job.finishedAt.isBefore(horizon));
  }

  /** Turns a refused operation into a failed future instead of a thrown exception. */
  private static <T> Future<T> guarded(Supplier<Future<T>> operation) {
    try {
      return operation.get();
    } catch (JobException refused) {
      return Future.failedFuture(refused);
    }
  }

  private Instant now() {
    return clock.instant();
  }
}
