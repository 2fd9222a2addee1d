package io.earshot.http;

import io.earshot.config.EarshotConfig;
import io.earshot.http.metrics.EarshotMetrics;
import io.earshot.pipeline.ModelHolder;
import io.earshot.pipeline.PredictionPipeline;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the HTTP layer needs from the rest of the service, built once and shared by every verticle.
 */
public record ApiServices(
    EarshotConfig config,
    PredictionPipeline pipeline,
    ModelHolder models,
    BoundedWorkers workers,
    PredictionLog recent,
    Supplier<String> redisHealth,
    BooleanSupplier drainingFlag,
    String instanceId,
    Instant startedAt,
    List<RouteGroup> extraRoutes,
    EarshotMetrics metrics,
    RateLimiter rateLimiter) {

  public String redisStatus() {
    return redisHealth.get();
  }

  public boolean draining() {
    return drainingFlag.getAsBoolean();
  }
}
