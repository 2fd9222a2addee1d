package io.earshot.jobs;

import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a claimed job's lease alive while its (blocking) training runs elsewhere: heartbeats on a
 * Vert.x timer and remembers the answer, so the trainer can poll {@link #shouldStop()} between
 * rounds without touching Redis. A failed heartbeat (Redis unreachable) is retried on the next
 * tick; if the outage outlasts the visibility timeout, the job may be taken over and the next
 * answer says the lease is lost.
 */
public final class LeaseKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  private final Vertx vertx;
  private final JobQueue queue;
  private final ClaimedJob job;
  private final long timerId;
  private volatile boolean cancelRequested;
  private volatile boolean leaseLost;
  private volatile boolean stopped;

  private LeaseKeeper(Vertx vertx, JobQueue queue, ClaimedJob job, Duration interval) {
    this.vertx = vertx;
    this.queue = queue;
    this.job = job;
    this.timerId = vertx.setPeriodic(interval.toMillis(), id -> beat());
  }

  /** Starts heartbeating; use a third of the visibility timeout as {@code interval}. */
  public static LeaseKeeper start(Vertx vertx, JobQueue queue, ClaimedJob job, Duration interval) {
    return new LeaseKeeper(vertx, queue, job, interval);
  }

  private void beat() {
    if (stopped) {
      return;
    }
    queue
        .heartbeat(job.jobId(), job.workerId())
        .onComplete(
            (reply, failure) -> {
              if (failure != null) {
                LOG.warn("heartbeat for job {} failed: {}", job.jobId(), failure.getMessage());
                return;
              }
              cancelRequested |= reply.cancelRequested();
              leaseLost |= !reply.leaseHeld();
            });
  }

  /** True once someone asked to cancel, or the job now belongs to another worker. */
  public boolean shouldStop() {
    return cancelRequested || leaseLost;
  }

  public boolean cancelRequested() {
    return cancelRequested;
  }

  /** True when the job was taken over: its results must be discarded, not reported. */
  public boolean leaseLost() {
    return leaseLost;
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
  }
}
