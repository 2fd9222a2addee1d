package io.earshot.jobs;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A registered model version without its bytes: what listings and the HTTP API show. */
public record ModelInfo(
    String version,
    JsonObject metadata,
    JsonObject metrics,
    Instant registeredAt,
    long sizeBytes,
    boolean active) {

  public ModelInfo {
    metadata = metadata == null ? new JsonObject() : metadata.copy();
    metrics = metrics == null ? new JsonObject() : metrics.copy();
  }

  @Override
  public JsonObject metadata() {
    return metadata.copy();
  }

  @Override
  public JsonObject metrics() {
    return metrics.copy();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("version", version)
        .put("active", active)
        .put("registered_at", registeredAt == null ? null : registeredAt.toString())
        .put("size_bytes", sizeBytes)
        .put("metadata", metadata.copy())
        .put("metrics", metrics.copy());
  }
}
