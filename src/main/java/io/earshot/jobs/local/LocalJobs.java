package io.earshot.jobs.local;

import io.earshot.jobs.JobException;
import io.earshot.jobs.JobSnapshot;
import io.earshot.jobs.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the lanes of one in-process back end share, all guarded by this object's lock: every job (so
 * any lane's queue reads, lists and cancels any job) and, per lane, its queue, its merge index and
 * its leases. {@link LocalJobQueue} holds the same lock for a transition that spans several of
 * them.
 */
final class LocalJobs {

  /** One lane's state. */
  static final class Lane {
    final Deque<String> queue = new ArrayDeque<>();
    final Map<String, String> queuedByDedupKey = new HashMap<>();

    /** Job id → lease deadline of each RUNNING job (an expired one stays until taken over). */
    final Map<String, Instant> leases = new HashMap<>();
  }

  private final Map<String, LocalJob> jobs = new HashMap<>();
  private final Map<String, Lane> lanes = new HashMap<>();
  private final Clock clock;
  private final Duration retention;

  LocalJobs(Clock clock, Duration retention) {
    this.clock = clock;
    this.retention = retention;
  }

  synchronized Lane lane(String name) {
    return lanes.computeIfAbsent(name, ignored -> new Lane());
  }

  Instant now() {
    return clock.instant();
  }

  synchronized void add(LocalJob job) {
    forgetExpired();
    jobs.put(job.id, job);
  }

  /** The job, or null once it has been forgotten. */
  synchronized LocalJob job(String jobId) {
    return jobs.get(jobId);
  }

  /** The job, or {@link JobException.UnknownJob}. */
  synchronized LocalJob find(String jobId) {
    forgetExpired();
    LocalJob job = jobs.get(jobId);
    if (job == null) {
      throw new JobException.UnknownJob(jobId);
    }
    return job;
  }

  synchronized boolean cancelRequested(String jobId) {
    return find(jobId).cancelRequested;
  }

  synchronized Optional<JobSnapshot> get(String jobId) {
    forgetExpired();
    return Optional.ofNullable(jobs.get(jobId)).map(LocalJob::snapshot);
  }

  /** Up to {@code limit} jobs that {@code wanted} accepts, newest first. */
  synchronized List<JobSnapshot> newest(int limit, Predicate<LocalJob> wanted) {
    forgetExpired();
    return jobs.values().stream()
        .filter(wanted)
        .sorted(Comparator.comparingLong((LocalJob job) -> job.sequence).reversed())
        .limit(Math.max(0, limit))
        .map(LocalJob::snapshot)
        .toList();
  }

  /** A queued job of any lane leaves its lane's queue at once; a running one is asked to stop. */
  synchronized JobSnapshot cancel(String jobId) {
    LocalJob found = find(jobId);
    switch (found.status) {
      case QUEUED -> {
        Lane lane = lane(found.lane);
        lane.queue.remove(found.id);
        lane.queuedByDedupKey.remove(found.dedupKey, found.id);
        found.finish(JobStatus.CANCELLED, now());
      }
      case RUNNING -> found.cancelRequested = true;
      default -> throw new JobException.WrongState(jobId, found.status, "cancel");
    }
    return found.snapshot();
  }

  private void forgetExpired() {
    Instant horizon = now().minus(retention);
    jobs.values().removeIf(job -> job.finishedAt != null && job.finishedAt.isBefore(horizon));
  }
}
