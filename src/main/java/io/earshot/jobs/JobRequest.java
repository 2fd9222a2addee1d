package io.earshot.jobs;

import io.vertx.core.json.JsonObject;

/**
 * What to run: a job type ("retrain") and its parameters.
 *
 * <p>Two requests with the same type and equal parameters (key order does not matter) share a
 * {@link #dedupKey()}, which the queue uses to merge a request into a job that is still queued.
 */
public record JobRequest(String type, JsonObject params) {

  public static final String RETRAIN = "retrain";

  public JobRequest {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("job type is required");
    }
    params = params == null ? new JsonObject() : params.copy();
  }

  public static JobRequest retrain(JsonObject params) {
    return new JobRequest(RETRAIN, params);
  }

  @Override
  public JsonObject params() {
    return params.copy();
  }

  /** SHA-256 of the type and the canonical (sorted-key) JSON of the parameters. */
  public String dedupKey() {
    return CanonicalJson.sha256(type + "\n" + CanonicalJson.encode(params));
  }
}
