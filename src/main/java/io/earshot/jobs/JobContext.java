package io.earshot.jobs;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link JobHandler} sees of the job it runs: its parameters, a progress channel, whether to
 * stop, and the runner's own worker thread for blocking work.
 */
public final class JobContext {
  private static final Logger LOG = LoggerFactory.getLogger(JobContext.class);
  private static final long PROGRESS_EVERY_MS = 250;
  private static final long CANCEL_POLL_MS = 500;

  private final ClaimedJob job;
  private final JobQueue queue;
  private final LeaseKeeper lease;
  private final WorkerExecutor thread;
  private final BooleanSupplier runnerStopping;
  private long lastSent;
  private long lastCancelPoll = System.currentTimeMillis();
  private volatile boolean cancelRequested;

  JobContext(
      ClaimedJob job,
      JobQueue queue,
      LeaseKeeper lease,
      WorkerExecutor thread,
      BooleanSupplier runnerStopping) {
    this.job = job;
    this.queue = queue;
    this.lease = lease;
    this.thread = thread;
    this.runnerStopping = runnerStopping;
  }

  public String jobId() {
    return job.jobId();
  }

  public JsonObject params() {
    return job.job().params();
  }

  /** Runs blocking work (training, decoding, DSP) on the runner's thread, never the event loop. */
  public <T> Future<T> blocking(Callable<T> work) {
    return thread.executeBlocking(work, false);
  }

  /**
   * Records progress, at most every {@value #PROGRESS_EVERY_MS} ms so a fast loop cannot flood
   * Redis and the WebSocket; {@code last} reports always (the final step of a phase).
   */
  public void progress(JsonObject progress, boolean last) {
    long now = System.currentTimeMillis();
    if (!last && now - lastSent < PROGRESS_EVERY_MS) {
      return;
    }
    lastSent = now;
    queue
        .progress(job.jobId(), job.workerId(), progress)
        .onFailure(
            e -> LOG.debug("progress of job {} not recorded: {}", job.jobId(), e.getMessage()));
  }

  /**
   * Poll between steps: true once cancel was requested, the lease was lost or the instance is
   * stopping. Besides the heartbeat's answer, asks the queue at most every {@value #CANCEL_POLL_MS}
   * ms, so a cancel takes effect within a second rather than a heartbeat interval.
   */
  public boolean shouldStop() {
    long now = System.currentTimeMillis();
    if (now - lastCancelPoll >= CANCEL_POLL_MS) {
      lastCancelPoll = now;
      queue.isCancelRequested(job.jobId()).onSuccess(requested -> cancelRequested |= requested);
    }
    return runnerStopping.getAsBoolean() || cancelRequested || lease.shouldStop();
  }

  boolean cancelRequested() {
    return cancelRequested || lease.cancelRequested();
  }

  boolean leaseLost() {
    return lease.leaseLost();
  }
}
