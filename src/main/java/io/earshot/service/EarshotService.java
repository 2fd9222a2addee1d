package io.earshot.service;

import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.config.EarshotConfig;
import io.earshot.features.FeatureExtractor;
import io.earshot.http.AnalysisJobRoutes;
import io.earshot.http.AnalysisRoutes;
import io.earshot.http.ApiDocsRoutes;
import io.earshot.http.ApiRouter;
import io.earshot.http.ApiServices;
import io.earshot.http.BoundedWorkers;
import io.earshot.http.HttpServerVerticle;
import io.earshot.http.JobRoutes;
import io.earshot.http.MemoryPredictionLog;
import io.earshot.http.ModelRoutes;
import io.earshot.http.PredictionLog;
import io.earshot.http.RateLimiter;
import io.earshot.http.RedisPredictionLog;
import io.earshot.http.RedisRateLimiter;
import io.earshot.http.RouteGroup;
import io.earshot.http.StreamRoutes;
import io.earshot.http.UploadHandler;
import io.earshot.http.VisualizationRoutes;
import io.earshot.http.metrics.EarshotMetrics;
import io.earshot.jobs.JobQueueOptions;
import io.earshot.jobs.JobSnapshot;
import io.earshot.jobs.JobsBackEnd;
import io.earshot.jobs.RetrainParams;
import io.earshot.jobs.redis.RedisSettings;
import io.earshot.pipeline.ClipAnalyzer;
import io.earshot.pipeline.ClipIngest;
import io.earshot.pipeline.DriftWatch;
import io.earshot.pipeline.LiveAnalyzer;
import io.earshot.pipeline.ModelHolder;
import io.earshot.pipeline.PredictionPipeline;
import io.earshot.pipeline.RecordingAnalyzer;
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
  private FeatureExtractor extractor;
  private int actualPort;
  private ModelActivation activation;
  private JobWorkers jobWorkers;
  private ApiRouter apiRouter;

  private EarshotService(Vertx vertx, EarshotConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** Starts an instance on its own Vert.x; the future fails if any start-up step fails. */
  public static Future<EarshotService> start(EarshotConfig config) {
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
                    "Earshot {} listening on {}:{} (redis {})",
                    s.instanceId,
                    config.host(),
                    s.actualPort,
                    s.backends.redisHealth()))
        .recover(
            failure -> {
              LOG.error("start-up failed: {}", failure.toString(), failure);
              vertx.close();
              return Future.<EarshotService>failedFuture(failure);
            });
  }

  /** For {@code java -jar earshot.jar}: start, then stop gracefully on SIGTERM / Ctrl-C. */
  public static void startAndAwait(EarshotConfig config) {
    EarshotService service = start(config).toCompletionStage().toCompletableFuture().join();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> service.stop().toCompletionStage().toCompletableFuture().join(),
                "earshot-shutdown"));
  }

  private Future<Void> prepareDirectories() {
    return vertx.executeBlocking(
        () -> {
          Files.createDirectories(config.dataDir().resolve("uploads"));
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
    extractor = new FeatureExtractor();
    activation =
        new ModelActivation(vertx, backends.models(), models, extractor, config.modelDir());
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
            extractor,
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
    AudioLoader loader =
        new AudioLoader(
            new AudioLimits(
                config.maxUploadBytes(),
                config.maxDurationSeconds(),
                config.minDurationSeconds(),
                config.decodeTimeBudget().toMillis()));
    PredictionPipeline pipeline =
        new PredictionPipeline(
            loader,
            extractor,
            models,
            config.openSetPolicy(),
            new DriftWatch(config.driftWindow()));
    List<RouteGroup> routes =
        List.of(
            new ModelRoutes(
                models,
                backends.models(),
                extractor.schema(),
                activation::installVersion,
                pipeline.drift()),
            new JobRoutes(
                backends.queue(),
                backends.samples(),
                searchDefaults(),
                new UploadHandler(
                    workers,
                    new ClipIngest(
                        new ClipAnalyzer(loader, extractor), config.dataDir().resolve("clips")),
                    extractor.schema().id(),
                    backends.samples(),
                    backends.queue(),
                    config.autoRetrainThreshold(),
                    config.uploadMaxFiles())),
            new AnalysisRoutes(
                models,
                new RecordingAnalyzer(
                    new AudioLoader(config.analysisLimits()), extractor, config.openSetPolicy()),
                workers,
                config.dataDir().resolve("uploads"),
                new AnalysisRoutes.Limits(
                    config.analysisMaxUploadBytes(),
                    config.analysisSyncMaxSeconds(),
                    config.analysisMaxSeconds()),
                backends.analysisQueue(),
                JobWorkers.analysisFiles(config),
                config.predictionsRequireKey()),
            new AnalysisJobRoutes(
                backends.analysisQueue(),
                JobWorkers.analysisFiles(config),
                config.predictionsRequireKey()),
            new StreamRoutes(
                models,
                new LiveAnalyzer(extractor, config.openSetPolicy()),
                workers,
                config.predictionsRequireKey()),
            new VisualizationRoutes(
                pipeline,
                workers,
                () -> backends.samples().all(extractor.schema().id()),
                config.predictionsRequireKey()),
            new ApiDocsRoutes());
    ApiServices services =
        new ApiServices(
            config,
            pipeline,
            models,
            workers,
            predictionLog(),
            backends::redisHealth,
            draining::get,
            instanceId,
            startedAt,
            routes,
            metrics,
            rateLimiter());
    ApiRouter router = new ApiRouter(services);
    apiRouter = router;
    ProbePort probe = new ProbePort(config.port());
    return vertx
        .deployVerticle(
            () -> new HttpServerVerticle(config.host(), probe.port(), router::build),
            new DeploymentOptions().setInstances(config.httpInstances()))
        .map(
            id -> {
              httpDeployments.add(id);
              actualPort = probe.port();
              return null;
            });
  }

  /** Shared through Redis when there is one, so a client's budget holds across instances. */
  private RateLimiter rateLimiter() {
    if (config.rateLimitPerSecond() <= 0) {
      return RateLimiter.UNLIMITED;
    }
    return backends
        .redis()
        .<RateLimiter>map(
            redis ->
                new RedisRateLimiter(redis, config.rateLimitPerSecond(), config.rateLimitBurst()))
        .orElseGet(() -> RateLimiter.local(config.rateLimitPerSecond(), config.rateLimitBurst()));
  }

  private PredictionLog predictionLog() {
    return backends
        .redis()
        .<PredictionLog>map(redis -> new RedisPredictionLog(redis, config.recentPredictionsCap()))
        .orElseGet(() -> new MemoryPredictionLog(config.recentPredictionsCap()));
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
