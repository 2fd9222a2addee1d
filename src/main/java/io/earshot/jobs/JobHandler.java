package io.earshot.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * One job type's part of running a job; {@link JobRunnerVerticle} owns the rest (claim, lease,
 * heartbeat, cancel, completion, failure triage).
 *
 * <p>A run has two steps so that a worker whose lease was taken over never acts on the world:
 * {@link #work} may take long and changes nothing other instances can see; {@link #commit} holds
 * the side effects (register a model, store a result) and runs only after the runner has confirmed
 * the lease. Throw {@link IllegalArgumentException} for a failure retrying cannot fix (bad
 * parameters, no data); the job then fails for good instead of being retried.
 *
 * @param <R> what the work step hands to the commit step
 */
public interface JobHandler<R> {

  /** The job type this handler runs, as in {@link JobRequest#type()}. */
  String type();

  /** The long part, without side effects: blocking steps go through {@link JobContext#blocking}. */
  Future<R> work(JobContext job);

  /** The side effects, after the lease was confirmed; the JSON becomes the job's result. */
  Future<JsonObject> commit(JobContext job, R outcome);

  /** Called with the run time of every work step that finished, for metrics. */
  default void worked(Duration took) {}

  /**
   * Called once this runner has ended the job for good (succeeded, failed, cancelled or dead), to
   * let go of what only the job needed, such as its input file. Not called for a retry.
   */
  default Future<Void> ended(JobContext job, JobSnapshot settled) {
    return Future.succeededFuture();
  }
}
