package io.earshot.http;

import io.earshot.pipeline.ModelHolder;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Liveness, readiness and the overall health summary. */
final class HealthHandler {
  private final ModelHolder models;
  private final Supplier<String> redisStatus;
  private final Supplier<Boolean> draining;
  private final String instance;
  private final Instant startedAt;

  HealthHandler(
      ModelHolder models,
      Supplier<String> redisStatus,
      Supplier<Boolean> draining,
      String instance,
      Instant startedAt) {
    this.models = models;
    this.redisStatus = redisStatus;
    this.draining = draining;
    this.instance = instance;
    this.startedAt = startedAt;
  }

  void health(RoutingContext ctx) {
    String redis = redisStatus.get();
    boolean modelLoaded = models.current().isPresent();
    boolean up = modelLoaded && !"DOWN".equals(redis) && !draining.get();
    Json.ok(
        ctx,
        new JsonObject()
            .put("status", up ? "UP" : "DEGRADED")
            .put("model_loaded", modelLoaded)
            .put("model_version", models.versionOrNull())
            .put("redis", redis)
            .put("instance", instance)
            .put("uptime_s", Duration.between(startedAt, Instant.now()).toMillis() / 1000.0)
            .put("version", Version.current())
            .put("model_error", models.unavailableReason()));
  }

  void live(RoutingContext ctx) {
    Json.ok(ctx, new JsonObject().put("status", "UP"));
  }

  void ready(RoutingContext ctx) {
    if (draining.get()) {
      ctx.fail(
          new ProblemException(
              Problem.of(503, "not-ready", "Not ready", "the instance is shutting down")));
    } else if (models.current().isEmpty()) {
      String reason = models.unavailableReason();
      ctx.fail(
          new ProblemException(
              Problem.of(
                  503,
                  "not-ready",
                  "Not ready",
                  reason == null ? "no model is loaded yet" : reason)));
    } else {
      Json.ok(ctx, new JsonObject().put("status", "UP"));
    }
  }
}
