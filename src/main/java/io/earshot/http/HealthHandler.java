package io.earshot.http;

import io.earshot.config.Role;
import io.earshot.config.Roles;
import io.earshot.pipeline.ModelHolder;
import io.vertx.core.json.JsonArray;
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
  private final Roles roles;

  HealthHandler(
      ModelHolder models,
      Supplier<String> redisStatus,
      Supplier<Boolean> draining,
      String instance,
      Instant startedAt,
      Roles roles) {
    this.models = models;
    this.redisStatus = redisStatus;
    this.draining = draining;
    this.instance = instance;
    this.startedAt = startedAt;
    this.roles = roles;
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
            .put("roles", new JsonArray(roles.names()))
            .put("uptime_s", Duration.between(startedAt, Instant.now()).toMillis() / 1000.0)
            .put("version", Version.current())
            .put("model_error", models.unavailableReason()));
  }

  void live(RoutingContext ctx) {
    Json.ok(ctx, new JsonObject().put("status", "UP"));
  }

  /**
   * Ready for what the roles need: every role needs the model; an API serves predictions without
   * Redis, but an instance that only runs jobs can do nothing while Redis, where the jobs are, is
   * not answering.
   */
  void ready(RoutingContext ctx) {
    String redis = redisStatus.get();
    if (draining.get()) {
      notReady(ctx, "the instance is shutting down");
    } else if (models.current().isEmpty()) {
      String reason = models.unavailableReason();
      notReady(ctx, reason == null ? "no model is loaded yet" : reason);
    } else if (!roles.has(Role.HTTP) && !"UP".equals(redis)) {
      notReady(
          ctx,
          "Redis is "
              + redis
              + ": this instance runs only "
              + roles
              + ", whose jobs it claims from Redis");
    } else {
      Json.ok(ctx, new JsonObject().put("status", "UP").put("roles", new JsonArray(roles.names())));
    }
  }

  private static void notReady(RoutingContext ctx, String detail) {
    ctx.fail(new ProblemException(Problem.of(503, "not-ready", "Not ready", detail)));
  }
}
