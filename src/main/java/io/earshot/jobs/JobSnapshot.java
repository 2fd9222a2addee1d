package io.earshot.jobs;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One job as stored at one moment. Timestamps are null until they happen; {@code progress} and
 * {@code result} are empty objects until the worker reports them.
 *
 * @param lane the {@link JobLane#name()} of the lane the job was submitted to
 */
public record JobSnapshot(
    String jobId,
    String type,
    String lane,
    JobStatus status,
    JsonObject params,
    int attempts,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    JsonObject progress,
    JsonObject result,
    String error,
    String workerId,
    boolean cancelRequested) {

  public JobSnapshot {
    params = copyOrEmpty(params);
    progress = copyOrEmpty(progress);
    result = copyOrEmpty(result);
  }

  private static JsonObject copyOrEmpty(JsonObject json) {
    return json == null ? new JsonObject() : json.copy();
  }

  @Override
  public JsonObject params() {
    return params.copy();
  }

  @Override
  public JsonObject progress() {
    return progress.copy();
  }

  @Override
  public JsonObject result() {
    return result.copy();
  }

  /** The wire form used by HTTP replies and events (snake_case, ISO-8601 times). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("job_id", jobId)
        .put("type", type)
        .put("lane", lane)
        .put("status", status.json())
        .put("params", params.copy())
        .put("attempts", attempts)
        .put("created_at", iso(createdAt))
        .put("started_at", iso(startedAt))
        .put("finished_at", iso(finishedAt))
        .put("progress", progress.copy())
        .put("result", result.copy())
        .put("error", error)
        .put("worker_id", workerId)
        .put("cancel_requested", cancelRequested);
  }

  private static String iso(Instant at) {
    return at == null ? null : at.toString();
  }
}
