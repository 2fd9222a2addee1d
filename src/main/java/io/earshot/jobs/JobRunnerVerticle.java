package io.earshot.jobs;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the jobs of one queue, one at a time on this instance, through one {@link JobHandler}: claim
 * → lease kept alive by heartbeats → the handler's work → lease confirmed → the handler's side
 * effects → complete. Failures are sorted here for every job type: cancel acknowledged, bad input
 * failed for good, anything else retried; a job whose lease was taken over is dropped without a
 * word, since its new holder owns it now.
 *
 * @param <R> what the handler's work step hands to its commit step
 */
public final class JobRunnerVerticle<R> extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunnerVerticle.class);

  private final JobQueue queue;
  private final JobHandler<R> handler;
  private final Duration pollInterval;
  private final Duration heartbeatInterval;
  private final String workerId;
  private final AtomicBoolean busy = new AtomicBoolean();
  private WorkerExecutor jobThread;
  private volatile LeaseKeeper currentLease;
  private volatile ClaimedJob currentJob;
  private volatile boolean stopping;

  /**
   * @param instanceId names this instance in the worker id, so the jobs list shows which instance
   *     ran each job
   */
  public JobRunnerVerticle(
      String instanceId,
      JobQueue queue,
      JobHandler<R> handler,
      Duration pollInterval,
      Duration visibilityTimeout) {
    this.queue = queue;
    this.handler = handler;
    this.pollInterval = pollInterval;
    this.heartbeatInterval = visibilityTimeout.dividedBy(3);
    // the random part tells apart runners of one instance across restarts of the verticle
    this.workerId =
        instanceId + "/" + handler.type() + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public Future<?> start() {
    jobThread = vertx.createSharedWorkerExecutor("earshot-" + handler.type(), 1, Long.MAX_VALUE);
    vertx.setPeriodic(pollInterval.toMillis(), id -> pollOnce());
    // A job queued anywhere is picked up at once instead of at the next poll.
    vertx
        .eventBus()
        .<JsonObject>consumer(
            JobEvents.ADDRESS,
            message -> {
              JsonObject event = message.body();
              JsonObject job = event.getJsonObject("job", new JsonObject());
              if ("queued".equals(event.getString("type"))
                  && handler.type().equals(job.getString("type"))) {
                pollOnce();
              }
            });
    return Future.succeededFuture();
  }

  /**
   * Graceful stop: the running job is told to stop and goes back to the queue at once (counting an
   * attempt), so another instance picks it up without waiting for the lease to expire.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    LeaseKeeper lease = currentLease;
    ClaimedJob job = currentJob;
    if (lease != null) {
      lease.stop();
    }
    Future<?> released =
        job == null
            ? Future.succeededFuture()
            : queue
                .fail(job.jobId(), workerId, "the instance running it shut down; re-queued")
                .onFailure(
                    e -> LOG.warn("could not release job {}: {}", job.jobId(), e.getMessage()))
                .recover(e -> Future.succeededFuture());
    return released.compose(v -> jobThread == null ? Future.succeededFuture() : jobThread.close());
  }

  public String workerId() {
    return workerId;
  }

  /** True when no job runs here: nothing claimed, or the last one fully settled. */
  boolean idle() {
    return !busy.get();
  }

  void pollOnce() {
    if (stopping || !busy.compareAndSet(false, true)) {
      return;
    }
    queue
        .claim(workerId)
        .compose(claimed -> claimed.map(this::run).orElseGet(Future::succeededFuture))
        .onFailure(e -> LOG.warn("{} runner: {}", handler.type(), e.getMessage()))
        .onComplete(done -> busy.set(false));
  }

  private Future<Void> run(ClaimedJob job) {
    LOG.info(
        "{} job {} claimed by {}{}",
        handler.type(),
        job.jobId(),
        workerId,
        job.takeover() ? " (takeover)" : "");
    LeaseKeeper lease = LeaseKeeper.start(vertx, queue, job, heartbeatInterval);
    currentLease = lease;
    currentJob = job;
    JobContext context = new JobContext(job, queue, lease, jobThread, () -> stopping);
    long started = System.nanoTime();
    Future<Void> outcome =
        Future.<R>succeededFuture()
            .compose(v -> handler.work(context))
            .compose(
                worked -> {
                  handler.worked(Duration.ofNanos(System.nanoTime() - started));
                  return commit(context, worked);
                })
            .recover(failure -> onFailure(context, failure))
            .compose(
                settled ->
                    settled != null && settled.status().isTerminal()
                        ? handler.ended(context, settled)
                        : Future.<Void>succeededFuture());
    return outcome
        .onComplete(
            done -> {
              lease.stop();
              currentLease = null;
              currentJob = null;
            })
        .recover(
            e -> {
              LOG.warn("could not record the end of {} job {}: {}", handler.type(), job.jobId(), e);
              return Future.succeededFuture();
            });
  }

  /**
   * Side effects only while this worker still holds the job, then completion. Work that ended
   * because a cancel came is not committed, even when the handler returned normally.
   *
   * @return the job as this worker left it; null when it was not this worker's to settle
   */
  private Future<JobSnapshot> commit(JobContext context, R worked) {
    if (stopping || context.cancelRequested()) {
      return Future.failedFuture(
          "job " + context.jobId() + " stopped before its outcome was committed");
    }
    return queue
        .confirmLease(context.jobId(), workerId)
        .compose(
            held -> {
              if (!held) {
                LOG.warn(
                    "{} job {}: lease lapsed or taken over while it ran here; outcome discarded",
                    handler.type(),
                    context.jobId());
                return Future.<JobSnapshot>succeededFuture();
              }
              return handler
                  .commit(context, worked)
                  .compose(result -> queue.complete(context.jobId(), workerId, result));
            });
  }

  private Future<JobSnapshot> onFailure(JobContext context, Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    String jobId = context.jobId();
    if (stopping) {
      return Future.failedFuture("job " + jobId + " was released when the instance stopped");
    }
    if (context.leaseLost()) {
      LOG.warn("{} job {} was taken over while it ran here", handler.type(), jobId);
      return Future.failedFuture("job " + jobId + " belongs to another worker now");
    }
    if (context.cancelRequested()) {
      LOG.info("{} job {} cancelled", handler.type(), jobId);
      return queue.acknowledgeCancel(jobId, workerId);
    }
    if (cause instanceof IllegalArgumentException) {
      return queue.failPermanently(jobId, workerId, cause.getMessage());
    }
    LOG.error("{} job {} failed", handler.type(), jobId, cause);
    return queue.fail(jobId, workerId, String.valueOf(cause.getMessage()));
  }
}
