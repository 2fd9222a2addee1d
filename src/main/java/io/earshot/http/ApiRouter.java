package io.earshot.http;

import io.earshot.config.EarshotConfig;
import io.earshot.config.Role;
import io.earshot.config.Roles;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.Optional;
import java.util.Set;

/** Builds the router: shared handlers first, then one small method reference per route. */
public final class ApiRouter {
  private static final String API = "/api/v1";

  private final ApiServices services;

  public ApiRouter(ApiServices services) {
    this.services = services;
  }

  /**
   * Every instance answers health, readiness and metrics; the API, the dashboard and the
   * documentation only where it runs the {@code http} role.
   */
  public Router build(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(new RequestIds());
    router.route().handler(new AccessLog());
    Roles roles = services.config().roles();
    if (roles.has(Role.HTTP)) {
      mountApi(router, vertx);
    } else {
      mountHealth(router);
      router.get("/metrics").handler(PrometheusScrapingHandler.create());
    }
    router.route().failureHandler(new FailureHandler());
    String elsewhere =
        roles.has(Role.HTTP)
            ? ""
            : ": this instance runs only "
                + roles
                + " (ROLES); the API is served by instances with the http role";
    router.errorHandler(
        404,
        ctx ->
            FailureHandler.send(
                ctx,
                Problem.notFound(
                    "no route for "
                        + ctx.request().method()
                        + " "
                        + ctx.request().path()
                        + elsewhere)));
    router.errorHandler(405, ctx -> FailureHandler.send(ctx, FailureHandler.toProblem(ctx)));
    return router;
  }

  private void mountApi(Router router, Vertx vertx) {
    EarshotConfig config = services.config();
    router.route().handler(new BodyDeadline(config.bodyTimeout(), config.bodyMinBytesPerSecond()));
    router.route().handler(ConnectionLimits.of(config).note());
    cors(config).ifPresent(cors -> router.route().handler(cors));
    long bodyLimit = BodyLimit.forFiles(config.maxUploadBytes());
    router.route().handler(BodyLimit.note(bodyLimit));
    BodyHandler body =
        BodyHandler.create()
            .setBodyLimit(bodyLimit)
            .setUploadsDirectory(config.uploadsDir().toString())
            .setDeleteUploadedFilesOnEnd(true);
    ApiKeyAuth auth = new ApiKeyAuth(config.apiKey());
    router.route().handler(new RateLimitHandler(services.rateLimiter()));

    mountHealth(router);

    PredictionHandler predictions =
        new PredictionHandler(
            services.pipeline(),
            services.workers(),
            services.recent(),
            services.metrics(),
            config.batchMaxFiles());
    // predictions read a form into memory (MemoryForm), never to a file
    var single =
        router
            .post(API + "/predictions/single")
            .handler(new MemoryForm(bodyLimit, PredictionHandler.SINGLE_FIELD, body));
    var batch =
        router
            .post(API + "/predictions/batch")
            .handler(new MemoryForm(bodyLimit, AudioRequests.MANY_FIELDS, body));
    if (config.predictionsRequireKey()) {
      single.handler(auth);
      batch.handler(auth);
    }
    single.handler(predictions::single);
    batch.handler(predictions::batch);
    router
        .get(API + "/predictions/recent")
        .handler(
            ctx ->
                services
                    .recent()
                    .latest(Math.max(1, Math.min(1000, intParam(ctx, "limit", 50))))
                    .onSuccess(items -> Json.ok(ctx, new JsonObject().put("items", items)))
                    .onFailure(ctx::fail));

    services.extraRoutes().forEach(extra -> extra.mount(router, vertx, body, auth));

    router.get("/metrics").handler(PrometheusScrapingHandler.create());
    router.get("/*").handler(StaticHandler.create("webroot").setCachingEnabled(true));
  }

  private void mountHealth(Router router) {
    HealthHandler health =
        new HealthHandler(
            services.models(),
            services::redisStatus,
            services::draining,
            services.instanceId(),
            services.startedAt(),
            services.config().roles());
    router.get(API + "/health").handler(health::health);
    router.get(API + "/health/live").handler(health::live);
    router.get(API + "/health/ready").handler(health::ready);
  }

  static int intParam(RoutingContext ctx, String name, int fallback) {
    String raw = ctx.request().getParam(name);
    if (raw == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new ProblemException(
          Problem.badRequest("query parameter '" + name + "' must be a whole number"));
    }
  }

  private static Optional<CorsHandler> cors(EarshotConfig config) {
    if (config.corsOrigins().isEmpty()) {
      return Optional.empty();
    }
    CorsHandler cors =
        CorsHandler.create()
            .addOrigins(config.corsOrigins())
            .allowedMethods(
                Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS))
            .allowedHeaders(
                Set.of("Content-Type", "Authorization", "X-API-Key", RequestIds.HEADER));
    return Optional.of(cors);
  }
}
