package io.earshot.jobs.local;

import io.earshot.jobs.ClaimedJob;
import io.earshot.jobs.HeartbeatReply;
import io.earshot.jobs.JobEvent;
import io.earshot.jobs.JobEvents;
import io.earshot.jobs.JobException;
import io.earshot.jobs.JobLane;
import io.earshot.jobs.JobQueue;
import io.earshot.jobs.JobQueueOptions;
import io.earshot.jobs.JobRequest;
import io.earshot.jobs.JobSnapshot;
import io.earshot.jobs.JobStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One lane of the in-process queue used when no Redis is configured: same contract as the Redis
 * one, state in memory (lost on restart), every transition under the lock of the {@link LocalJobs}
 * its lanes share. Queues for the other lanes come from {@link #forLane}.
 */
public final class LocalJobQueue implements JobQueue {

  private final LocalJobs jobs;
  private final LocalJobs.Lane state;
  private final JobEvents events;
  private final JobQueueOptions options;
  private final JobLane lane;

  public LocalJobQueue(JobEvents events, JobQueueOptions options, JobLane lane, Clock clock) {
    this(new LocalJobs(clock, options.retention()), events, options, lane);
  }

  public LocalJobQueue(JobEvents events, JobQueueOptions options, JobLane lane) {
    this(events, options, lane, Clock.systemUTC());
  }

  private LocalJobQueue(LocalJobs jobs, JobEvents events, JobQueueOptions options, JobLane lane) {
    this.jobs = jobs;
    this.state = jobs.lane(lane.name());
    this.events = events;
    this.options = options;
    this.lane = lane;
  }

  /** The queue of another lane over the same jobs: either one gets, lists and cancels both's. */
  public LocalJobQueue forLane(JobLane other) {
    return new LocalJobQueue(jobs, events, options, other);
  }

  @Override
  public JobLane lane() {
    return lane;
  }

  @Override
  public Future<JobSnapshot> submit(JobRequest request) {
    JobSnapshot job;
    boolean merged;
    synchronized (jobs) {
      String dedupKey = request.dedupKey();
      String existing = state.queuedByDedupKey.get(dedupKey);
      merged = existing != null;
      if (merged) {
        job = jobs.find(existing).snapshot();
      } else {
        LocalJob created =
            new LocalJob(UUID.randomUUID().toString(), request, lane.name(), dedupKey, jobs.now());
        jobs.add(created);
        state.queue.addLast(created.id);
        state.queuedByDedupKey.put(dedupKey, created.id);
        job = created.snapshot();
      }
    }
    return merged ? Future.succeededFuture(job) : JobEvent.QUEUED.announce(events, job);
  }

  @Override
  public Future<Optional<ClaimedJob>> claim(String workerId) {
    List<JobSnapshot> closed = new ArrayList<>();
    ClaimedJob claimed;
    synchronized (jobs) {
      Instant now = jobs.now();
      claimed = takeOverExpired(workerId, now, closed);
      if (claimed == null && (lane.unbounded() || state.leases.size() < lane.capacity())) {
        claimed = claimQueued(workerId, now);
      }
    }
    Future<?> closing = Future.succeededFuture();
    for (JobSnapshot job : closed) {
      closing = closing.compose(ignored -> JobEvent.forStatus(job.status()).announce(events, job));
    }
    ClaimedJob result = claimed;
    return closing.compose(
        ignored ->
            result == null
                ? Future.succeededFuture(Optional.empty())
                : JobEvent.STARTED.announce(events, result.job()).map(job -> Optional.of(result)));
  }

  /**
   * Takes over the job whose lease expired longest ago; jobs that were to be cancelled or are out
   * of attempts are closed on the way (into {@code closed}). Null when no lease has expired.
   */
  private ClaimedJob takeOverExpired(String workerId, Instant now, List<JobSnapshot> closed) {
    while (true) {
      Optional<String> expired =
          state.leases.entrySet().stream()
              .filter(lease -> lease.getValue().isBefore(now))
              .min(Map.Entry.comparingByValue())
              .map(Map.Entry::getKey);
      if (expired.isEmpty()) {
        return null;
      }
      LocalJob abandoned = jobs.job(expired.get());
      state.leases.remove(expired.get());
      if (abandoned == null || abandoned.status != JobStatus.RUNNING) {
        continue;
      }
      String reason = "lease expired: worker " + abandoned.workerId + " stopped heartbeating";
      if (abandoned.cancelRequested) {
        abandoned.finish(JobStatus.CANCELLED, now);
        closed.add(abandoned.snapshot());
      } else if (abandoned.attempts >= options.maxAttempts()) {
        abandoned.error = reason;
        abandoned.finish(JobStatus.DEAD, now);
        closed.add(abandoned.snapshot());
      } else {
        abandoned.error = reason;
        return new ClaimedJob(start(abandoned, workerId, now), workerId, true);
      }
    }
  }

  private ClaimedJob claimQueued(String workerId, Instant now) {
    while (!state.queue.isEmpty()) {
      LocalJob next = jobs.job(state.queue.pollFirst());
      if (next != null && next.status == JobStatus.QUEUED) {
        state.queuedByDedupKey.remove(next.dedupKey, next.id);
        return new ClaimedJob(start(next, workerId, now), workerId, false);
      }
    }
    return null;
  }

  private JobSnapshot start(LocalJob job, String workerId, Instant now) {
    job.status = JobStatus.RUNNING;
    job.workerId = workerId;
    job.attempts++;
    job.startedAt = now;
    state.leases.put(job.id, now.plus(options.visibilityTimeout()));
    return job.snapshot();
  }

  @Override
  public Future<HeartbeatReply> heartbeat(String jobId, String workerId) {
    return guarded(() -> Future.succeededFuture(beat(jobId, workerId)));
  }

  private HeartbeatReply beat(String jobId, String workerId) {
    synchronized (jobs) {
      LocalJob job = jobs.find(jobId);
      boolean held = holds(job, workerId);
      if (held) {
        state.leases.put(jobId, jobs.now().plus(options.visibilityTimeout()));
      }
      return new HeartbeatReply(held, job.cancelRequested);
    }
  }

  /** Same rule as Redis: an expired lease still belongs to its worker until someone claims. */
  private boolean holds(LocalJob job, String workerId) {
    return job.status == JobStatus.RUNNING
        && state.leases.containsKey(job.id)
        && job.workerId.equals(workerId);
  }

  @Override
  public Future<Boolean> confirmLease(String jobId, String workerId) {
    synchronized (jobs) {
      LocalJob job = jobs.job(jobId);
      Instant deadline = state.leases.get(jobId);
      Instant now = jobs.now();
      boolean live =
          job != null
              && job.status == JobStatus.RUNNING
              && workerId.equals(job.workerId)
              && deadline != null
              && !deadline.isBefore(now);
      if (live) {
        state.leases.put(jobId, now.plus(options.visibilityTimeout()));
      }
      return Future.succeededFuture(live);
    }
  }

  @Override
  public Future<Void> progress(String jobId, String workerId, JsonObject progress) {
    return guarded(
            () -> JobEvent.PROGRESS.announce(events, recordProgress(jobId, workerId, progress)))
        .mapEmpty();
  }

  private JobSnapshot recordProgress(String jobId, String workerId, JsonObject progress) {
    synchronized (jobs) {
      LocalJob held = held(jobId, workerId);
      held.progress = progress.copy();
      return held.snapshot();
    }
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

  private JobSnapshot retryOrBury(String jobId, String workerId, String error) {
    synchronized (jobs) {
      LocalJob held = held(jobId, workerId);
      held.error = error;
      state.leases.remove(held.id);
      if (held.attempts < options.maxAttempts()) {
        held.status = JobStatus.QUEUED;
        state.queue.addFirst(held.id);
        state.queuedByDedupKey.put(held.dedupKey, held.id);
      } else {
        held.finish(JobStatus.DEAD, jobs.now());
      }
      return held.snapshot();
    }
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

  private JobSnapshot finish(
      String jobId, String workerId, JobStatus status, Consumer<LocalJob> update) {
    synchronized (jobs) {
      LocalJob held = held(jobId, workerId);
      update.accept(held);
      state.leases.remove(held.id);
      held.finish(status, jobs.now());
      return held.snapshot();
    }
  }

  private LocalJob held(String jobId, String workerId) {
    LocalJob job = jobs.find(jobId);
    if (!holds(job, workerId)) {
      throw new JobException.LeaseLost(jobId, workerId);
    }
    return job;
  }

  @Override
  public Future<JobSnapshot> cancel(String jobId) {
    return guarded(
        () -> {
          JobSnapshot job = jobs.cancel(jobId);
          return job.status() == JobStatus.CANCELLED
              ? JobEvent.CANCELLED.announce(events, job)
              : Future.succeededFuture(job);
        });
  }

  @Override
  public Future<Boolean> isCancelRequested(String jobId) {
    return guarded(() -> Future.succeededFuture(jobs.cancelRequested(jobId)));
  }

  @Override
  public Future<Optional<JobSnapshot>> get(String jobId) {
    return Future.succeededFuture(jobs.get(jobId));
  }

  @Override
  public Future<Optional<JobSnapshot>> latest() {
    return Future.succeededFuture(
        jobs.newest(1, job -> job.lane.equals(lane.name())).stream().findFirst());
  }

  @Override
  public Future<List<JobSnapshot>> list(int limit) {
    return Future.succeededFuture(jobs.newest(limit, job -> true));
  }

  /** Turns a refused operation into a failed future instead of a thrown exception. */
  private static <T> Future<T> guarded(Supplier<Future<T>> operation) {
    try {
      return operation.get();
    } catch (JobException refused) {
      return Future.failedFuture(refused);
    }
  }
}
