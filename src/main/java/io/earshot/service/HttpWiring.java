package io.earshot.service;

import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.config.EarshotConfig;
import io.earshot.features.FeatureExtractor;
import io.earshot.http.AnalysisJobRoutes;
import io.earshot.http.AnalysisRoutes;
import io.earshot.http.ApiDocsRoutes;
import io.earshot.http.BoundedWorkers;
import io.earshot.http.ConnectionLimits;
import io.earshot.http.DatasetRoutes;
import io.earshot.http.JobRoutes;
import io.earshot.http.MemoryPredictionLog;
import io.earshot.http.ModelRoutes;
import io.earshot.http.PredictionLog;
import io.earshot.http.RateLimiter;
import io.earshot.http.RedisPredictionLog;
import io.earshot.http.RedisRateLimiter;
import io.earshot.http.RouteGroup;
import io.earshot.http.SampleRoutes;
import io.earshot.http.StreamRoutes;
import io.earshot.http.UploadHandler;
import io.earshot.http.VisualizationRoutes;
import io.earshot.jobs.JobsBackEnd;
import io.earshot.jobs.RetrainParams;
import io.earshot.pipeline.ClipAnalyzer;
import io.earshot.pipeline.ClipIngest;
import io.earshot.pipeline.LiveAnalyzer;
import io.earshot.pipeline.ModelHolder;
import io.earshot.pipeline.PredictionPipeline;
import io.earshot.pipeline.RecordingAnalyzer;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;

/**
 * What the HTTP layer is built from, out of the configuration and the shared parts: the route
 * groups, and the Redis-or-local choices (rate limits, the recent-predictions log). Kept apart from
 * {@link EarshotService}, whose job is the order of start-up.
 */
final class HttpWiring {
  private HttpWiring() {}

  /** Clips for predictions and uploads: at most {@code max_upload_bytes} and the clip lengths. */
  static AudioLoader clipLoader(EarshotConfig config) {
    return new AudioLoader(
        new AudioLimits(
            config.maxUploadBytes(),
            config.maxDurationSeconds(),
            config.minDurationSeconds(),
            config.decodeTimeBudget().toMillis()));
  }

  /**
   * How training clips are analysed, for uploads and for a retrain's feature upgrade alike: the
   * same loader, extractor and codec variants, so a re-extracted clip gets what its upload got.
   *
   * @throws io.earshot.config.ConfigException when codec augmentation is on without ffmpeg
   */
  static ClipAnalyzer clipAnalyzer(
      EarshotConfig config, AudioLoader clips, FeatureExtractor extractor) {
    return new ClipAnalyzer(clips, extractor, config.codecAugmentation().codecs());
  }

  static List<RouteGroup> routes(
      EarshotConfig config,
      JobsBackEnd backends,
      ModelHolder models,
      FeatureExtractor extractor,
      BoundedWorkers workers,
      AudioLoader clips,
      PredictionPipeline pipeline,
      Function<String, Future<Void>> installModel,
      RetrainParams.SearchDefaults searchDefaults) {
    boolean keyed = config.predictionsRequireKey();
    UploadHandler uploads =
        new UploadHandler(
            workers,
            new ClipIngest(clipAnalyzer(config, clips, extractor), config.clipsDir()),
            extractor.schema().id(),
            backends.samples(),
            backends.queue(),
            config.autoRetrainThreshold(),
            config.uploadMaxFiles());
    return List.of(
        new ModelRoutes(models, backends.models(), installModel, pipeline.drift()),
        new JobRoutes(
            backends.queue(),
            backends.samples(),
            searchDefaults,
            uploads,
            ConnectionLimits.of(config).pingEvery()),
        new DatasetRoutes(
            backends.samples(),
            uploads,
            config.clipsDir(),
            config.uploadsDir(),
            new DatasetRoutes.Limits(
                config.datasetImportMaxBytes(), config.maxUploadBytes(), config.httpIdleTimeout())),
        new SampleRoutes(
            backends.samples(), backends.queue(), config.autoRetrainThreshold(), config.clipsDir()),
        new AnalysisRoutes(
            models,
            new RecordingAnalyzer(new AudioLoader(config.analysisLimits()), config.openSetPolicy()),
            workers,
            config.uploadsDir(),
            new AnalysisRoutes.Limits(
                config.analysisMaxUploadBytes(),
                config.analysisSyncMaxSeconds(),
                config.analysisMaxSeconds()),
            backends.analysisQueue(),
            JobWorkers.analysisFiles(config),
            keyed),
        new AnalysisJobRoutes(backends.analysisQueue(), JobWorkers.analysisFiles(config), keyed),
        new StreamRoutes(models, new LiveAnalyzer(config.openSetPolicy()), workers, keyed),
        new VisualizationRoutes(
            pipeline,
            extractor,
            workers,
            () -> backends.samples().all(extractor.schema().id()),
            keyed),
        new ApiDocsRoutes());
  }

  /** Shared through Redis when there is one, so a client's budget holds across instances. */
  static RateLimiter rateLimiter(EarshotConfig config, JobsBackEnd backends) {
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

  static PredictionLog predictionLog(EarshotConfig config, JobsBackEnd backends) {
    return backends
        .redis()
        .<PredictionLog>map(redis -> new RedisPredictionLog(redis, config.recentPredictionsCap()))
        .orElseGet(() -> new MemoryPredictionLog(config.recentPredictionsCap()));
  }
}
