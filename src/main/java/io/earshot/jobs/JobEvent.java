package io.earshot.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the JSON events published on every transition: {@code {"type":
 * "queued|started|progress|finished|failed|cancelled|dead", "job_id", "status", "attempts",
 * "worker_id", "at", "job": snapshot, ...}} plus {@code progress} (progress), {@code result}
 * (finished), {@code error} (failed, dead) and {@code will_retry} (failed).
 */
public enum JobEvent {
  QUEUED,
  STARTED,
  PROGRESS,
  FINISHED,
  FAILED,
  CANCELLED,
  DEAD;

  private static final Logger LOG = LoggerFactory.getLogger(JobEvent.class);

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public JsonObject of(JobSnapshot job, Instant at) {
    JsonObject event =
        new JsonObject()
            .put("type", wireName())
            .put("job_id", job.jobId())
            .put("status", job.status().json())
            .put("attempts", job.attempts())
            .put("worker_id", job.workerId())
            .put("at", at.toString());
    switch (this) {
      case PROGRESS -> event.put("progress", job.progress());
      case FINISHED -> event.put("result", job.result());
      case FAILED ->
          event.put("error", job.error()).put("will_retry", job.status() == JobStatus.QUEUED);
      case DEAD -> event.put("error", job.error());
      default -> {}
    }
    return event.put("job", job.toJson());
  }

  /**
   * The event announcing the state a job reached: a job back in QUEUED after a worker's report
   * failed and will be retried.
   */
  public static JobEvent forStatus(JobStatus status) {
    return switch (status) {
      case QUEUED, FAILED -> FAILED;
      case RUNNING -> STARTED;
      case SUCCEEDED -> FINISHED;
      case CANCELLED -> CANCELLED;
      case DEAD -> DEAD;
    };
  }

  /** Publishes this event for {@code job}; a lost event never fails the transition itself. */
  public Future<JobSnapshot> announce(JobEvents events, JobSnapshot job) {
    return events
        .publish(of(job, Instant.now()))
        .transform(
            (ignored, failure) -> {
              if (failure != null) {
                LOG.warn(
                    "could not publish {} event for job {}: {}",
                    wireName(),
                    job.jobId(),
                    failure.getMessage());
              }
              return Future.succeededFuture(job);
            });
  }
}
