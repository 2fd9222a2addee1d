package io.earshot.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * One lane of the job queue shared by every instance: at most {@link JobLane#capacity()} jobs of
 * the lane RUNNING at a time across all instances (one for {@link JobLane#TRAINING}), each under a
 * lease of its own.
 *
 * <p>{@link #submit} and {@link #claim} work on this queue's lane only; {@link #get}, {@link #list}
 * and {@link #cancel} see the jobs of every lane, so any lane's queue can serve the job routes.
 *
 * <p>Delivery is at least once: a worker that stops heartbeating for longer than the visibility
 * timeout loses the job, and the next {@link #claim} takes it over (counting an attempt). Worker
 * calls name the worker so that a worker whose job was taken over gets {@link
 * JobException.LeaseLost} instead of overwriting the new holder's state.
 *
 * <p>Failures: {@link JobException.UnknownJob} (no such id), {@link JobException.WrongState} (e.g.
 * cancelling a finished job), {@link JobException.LeaseLost} (worker no longer holds it). Every
 * transition is published through {@link JobEvents}.
 */
public interface JobQueue {

  /** The lane this queue submits to and claims from. */
  JobLane lane();

  /** Queues a job, or returns the queued job with the same type and params (merge). */
  Future<JobSnapshot> submit(JobRequest request);

  /**
   * Takes the next job of this lane: the job whose lease expired longest ago is taken over first,
   * else, while fewer than the lane's capacity run, the oldest queued job. Empty when the lane is
   * full or nothing is queued.
   */
  Future<Optional<ClaimedJob>> claim(String workerId);

  /**
   * Extends the lease; tells the worker whether to go on. An expired lease nobody took over yet is
   * extended too (slow is not dead).
   */
  Future<HeartbeatReply> heartbeat(String jobId, String workerId);

  /**
   * Checks, in one atomic step, that this worker holds the job and its lease has not expired, and
   * if so extends the lease by the visibility timeout: call it right before a side effect that must
   * not happen twice, then perform the side effect within the timeout. False (never a failure for
   * an unknown job) when the job was taken over, finished, or its lease ran out, even if nobody
   * took it over yet: unlike {@link #heartbeat}, an expired lease is not re-acquired.
   */
  Future<Boolean> confirmLease(String jobId, String workerId);

  /** Replaces the job's progress (e.g. {"round": 12, "rounds": 200, "metric": 0.41}). */
  Future<Void> progress(String jobId, String workerId, JsonObject progress);

  /** RUNNING → SUCCEEDED; releases the lease. */
  Future<JobSnapshot> complete(String jobId, String workerId, JsonObject result);

  /** A retryable failure: back to QUEUED (ahead of other jobs) while attempts remain, else DEAD. */
  Future<JobSnapshot> fail(String jobId, String workerId, String error);

  /** A failure retrying cannot fix (bad parameters, too little data): RUNNING → FAILED. */
  Future<JobSnapshot> failPermanently(String jobId, String workerId, String error);

  /**
   * Any lane's job: QUEUED → CANCELLED at once; RUNNING → cancel requested (status stays RUNNING
   * until the worker sees it and calls {@link #acknowledgeCancel}). A finished job fails with
   * WrongState.
   */
  Future<JobSnapshot> cancel(String jobId);

  /** The worker stopped because cancel was requested: RUNNING → CANCELLED; releases the lease. */
  Future<JobSnapshot> acknowledgeCancel(String jobId, String workerId);

  Future<Boolean> isCancelRequested(String jobId);

  Future<Optional<JobSnapshot>> get(String jobId);

  /** The most recently submitted job of this lane still retained. */
  Future<Optional<JobSnapshot>> latest();

  /** Up to {@code limit} jobs of any lane, newest first. */
  Future<List<JobSnapshot>> list(int limit);
}
