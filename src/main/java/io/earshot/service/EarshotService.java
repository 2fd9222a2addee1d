package io.earshot.service;

import io.earshot.audio.AudioLoader;
import io.earshot.config.ConfigException;
import io.earshot.config.EarshotConfig;
import io.earshot.config.Role;
import io.earshot.features.FeatureExtractors;
import io.earshot.http.ApiRouter;
import io.earshot.http.ApiServices;
import io.earshot.http.BoundedWorkers;
import io.earshot.http.ConnectionLimits;
import io.earshot.http.HttpServerVerticle;
import io.earshot.http.RouteGroup;
import io.earshot.http.metrics.EarshotMetrics;
import io.earshot.jobs.JobQueueOptions;
import io.earshot.jobs.JobSnapshot;
import io.earshot.jobs.JobsBackEnd;
import io.earshot.jobs.RetrainParams;
import io.earshot.jobs.redis.RedisSettings;
import io.earshot.pipeline.DriftWatch;
import io.earshot.pipeline.ModelHolder;
import io.earshot.pipeline.PredictionPipeline;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running Earshot instance: start-up as one chain of named steps, and a graceful stop. */
public final class EarshotService {
  private static final Logger LOG = LoggerFactory.getLogger(EarshotService.class);

  /** Job-state gauges are refreshed this often, over this many most recent jobs. */
  private static final long JOB_METRICS_EVERY_MS = 5_000;

  private static final int JOB_METRICS_WINDOW = 200;

  private final Vertx vertx;
  private final EarshotConfig config;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final ModelHolder models = new ModelHolder();
  private final List<String> httpDeployments = new ArrayList<>();
  private final String instanceId = instanceId();
  private final Instant startedAt = Instant.now();
  private JobsBackEnd backends;
  private BoundedWorkers workers;
  private EarshotMetrics metrics;

  /** One per feature version; {@code current()} is what new models and uploads use. */
  private final FeatureExtractors extractors;

  private int actualPort;
  private ModelActivation activation;
  private JobWorkers jobWorkers;
  private ApiRouter apiRouter;

  private EarshotService(Vertx vertx, EarshotConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.extractors = new FeatureExtractors(config.featureVersion());
  }

  /** Starts an instance on its own Vert.x; the future fails if any start-up step fails. */
  public static Future<EarshotService> start(EarshotConfig config) {
    try {
      config.roles().requireSharedQueue(config.redisEnabled());
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setMetricsOptions(
                    new MicrometerMetricsOptions()
                        .setPrometheusOptions(
                            new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true))
                        .setJvmMetricsEnabled(true)
                        .setLabels(
                            EnumSet.of(
                                Label.HTTP_ROUTE,
                                Label.HTTP_METHOD,
                                Label.HTTP_CODE,
                                Label.POOL_TYPE,
                                Label.POOL_NAME))
                        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
                        .setEnabled(true)));
    EarshotService service = new EarshotService(vertx, config);
    return service
        .prepareDirectories()
        .compose(v -> service.connectBackends())
        .compose(v -> service.loadModel())
        .compose(v -> service.prepareWorkers())
        .compose(v -> service.startJobWorkers())
        .compose(v -> service.startHttp())
        .map(service)
        .onSuccess(
            s ->
                LOG.info(
                    "Earshot {} listening on {}:{} (roles {}, redis {})",
                    s.instanceId,
                    config.host(),
                    s.actualPort,
                    config.roles(),
                    s.backends.redisHealth()))
        .recover(
            failure -> {
              LOG.error("start-up failed: {}", failure.toString(), failure);
              vertx.close();
              return Future.<EarshotService>failedFuture(failure);
            });
  }

  /**
   * For {@code java -jar earshot.jar}: start, then stop gracefully on SIGTERM / Ctrl-C. A
   * configuration the service refuses is thrown as itself, so the CLI prints its one line.
   */
  public static void startAndAwait(EarshotConfig config) {
    EarshotService service;
    try {
      service = start(config).toCompletionStage().toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ConfigException refused) {
        throw refused;
      }
      throw e;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> service.stop().toCompletionStage().toCompletableFuture().join(),
                "earshot-shutdown"));
  }

  private Future<Void> prepareDirectories() {
    return vertx.executeBlocking(
        () -> {
          Files.createDirectories(config.uploadsDir());
          return null;
        });
  }

  /** Redis when REDIS_URL is set (needed as soon as there are two instances), else in-process. */
  private Future<Void> connectBackends() {
    JobQueueOptions options =
        new JobQueueOptions(
            config.jobVisibilityTimeout(), config.jobMaxAttempts(), config.jobRecordTtl());
    Future<JobsBackEnd> started =
        config.redisEnabled()
            ? JobsBackEnd.redis(
                vertx,
                RedisSettings.fromUrl(config.redisUrl()).withKeyPrefix(config.redisKeyPrefix()),
                options)
            : JobsBackEnd.local(vertx, options, config.dataDir().resolve("state"));
    return started.map(
        b -> {
          backends = b;
          return null;
        });
  }

  private Future<Void> loadModel() {
    // clips an earlier version stored are listed in the background; any instance may, once
    backends
        .samples()
        .indexEarlierClips(extractors.current().schema().id())
        .onSuccess(
            n -> {
              if (n > 0) {
                LOG.info("listed {} clips stored by an earlier version", n);
              }
            })
        .onFailure(
            e -> LOG.warn("clips stored by an earlier version not listed; next start retries", e));
    activation =
        new ModelActivation(vertx, backends.models(), models, extractors, config.modelDir());
    return activation.start();
  }

  /** The bounded worker pool and the meters that watch it, the model and the jobs. */
  private Future<Void> prepareWorkers() {
    workers =
        new BoundedWorkers(
            vertx, config.workers(), config.workerQueueCapacity(), config.retryAfterSeconds());
    metrics = EarshotMetrics.forVertx(vertx, workers, models);
    vertx.setPeriodic(
        JOB_METRICS_EVERY_MS,
        id ->
            backends
                .queue()
                .list(JOB_METRICS_WINDOW)
                .onSuccess(
                    jobs ->
                        metrics.jobCounts(
                            jobs.stream()
                                .collect(
                                    Collectors.groupingBy(
                                        JobSnapshot::status, Collectors.counting())))));
    return Future.succeededFuture();
  }

  private Future<Void> startJobWorkers() {
    return JobWorkers.start(
            vertx,
            instanceId,
            config,
            backends,
            models,
            extractors,
            searchDefaults(),
            metrics::trainingFinished)
        .map(
            started -> {
              jobWorkers = started;
              return null;
            });
  }

  private RetrainParams.SearchDefaults searchDefaults() {
    return new RetrainParams.SearchDefaults(
        config.retrainSearchTrials(), config.retrainSearchSeconds(), config.cvFolds());
  }

  private Future<Void> startHttp() {
    AudioLoader loader = HttpWiring.clipLoader(config);
    PredictionPipeline pipeline =
        new PredictionPipeline(
            loader, models, config.openSetPolicy(), new DriftWatch(config.driftWindow()));
    List<RouteGroup> routes =
        HttpWiring.routes(
            config,
            backends,
            models,
            extractors.current(),
            workers,
            loader,
            pipeline,
            activation::installVersion,
            searchDefaults());
    ApiServices services =
        new ApiServices(
            config,
            pipeline,
            models,
            workers,
            HttpWiring.predictionLog(config, backends),
            backends::redisHealth,
            draining::get,
            instanceId,
            startedAt,
            routes,
            metrics,
            HttpWiring.rateLimiter(config, backends));
    ApiRouter router = new ApiRouter(services);
    apiRouter = router;
    ProbePort probe = new ProbePort(config.port());
    return vertx
        .deployVerticle(
            () ->
                new HttpServerVerticle(
                    config.host(), probe.port(), router::build, ConnectionLimits.of(config)),
            // probes and metrics alone need no more than one event loop
            new DeploymentOptions()
                .setInstances(config.roles().has(Role.HTTP) ? config.httpInstances() : 1))
        .map(
            id -> {
              httpDeployments.add(id);
              actualPort = probe.port();
              return null;
            });
  }

  /** Stops accepting, lets requests in flight finish, then releases everything. */
  public Future<Void> stop() {
    draining.set(true);
    LOG.info("stopping: draining HTTP, then closing back ends");
    List<Future<Void>> undeploys =
        new ArrayList<>(httpDeployments.stream().map(vertx::undeploy).toList());
    if (jobWorkers != null) {
      undeploys.add(jobWorkers.stop());
    }
    return Future.join(undeploys)
        .transform(v -> backends == null ? Future.succeededFuture() : backends.close())
        .transform(v -> vertx.close());
  }

  public int port() {
    return actualPort;
  }

  public Vertx vertx() {
    return vertx;
  }

  public ModelHolder models() {
    return models;
  }

  /**
   * A router built the way every HTTP verticle of this instance builds its own, for reading the
   * routes it serves (the OpenAPI document is checked against it).
   */
  public Router newRouter() {
    return apiRouter.build(vertx);
  }

  private static String instanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "localhost";
    }
    return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
  }
}
