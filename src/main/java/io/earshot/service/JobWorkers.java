package io.earshot.service;

import io.earshot.audio.AudioLoader;
import io.earshot.config.EarshotConfig;
import io.earshot.config.Role;
import io.earshot.features.FeatureExtractors;
import io.earshot.jobs.AnalysisFiles;
import io.earshot.jobs.AnalysisJob;
import io.earshot.jobs.FeatureUpgrade;
import io.earshot.jobs.JobHandler;
import io.earshot.jobs.JobQueue;
import io.earshot.jobs.JobRunnerVerticle;
import io.earshot.jobs.JobsBackEnd;
import io.earshot.jobs.RetrainJob;
import io.earshot.jobs.RetrainParams;
import io.earshot.pipeline.ClipFiles;
import io.earshot.pipeline.ModelHolder;
import io.earshot.pipeline.RecordingAnalyzer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's job runners, one per lane its roles name: retraining and recording analysis. Also
 * sweeps analysis files older than the job retention, so recordings and results do not outlive
 * their jobs.
 */
final class JobWorkers {
  private static final Logger LOG = LoggerFactory.getLogger(JobWorkers.class);
  private static final long SWEEP_EVERY_MS = Duration.ofHours(1).toMillis();

  private final Vertx vertx;
  private final List<String> deployments;
  private final long sweepTimer;

  private JobWorkers(Vertx vertx, List<String> deployments, long sweepTimer) {
    this.vertx = vertx;
    this.deployments = deployments;
    this.sweepTimer = sweepTimer;
  }

  /**
   * Deploys a runner for each lane whose role this instance has ({@code training}, {@code
   * analysis}): an instance without the role never claims that lane's jobs.
   */
  static Future<JobWorkers> start(
      Vertx vertx,
      String instanceId,
      EarshotConfig config,
      JobsBackEnd backends,
      ModelHolder models,
      FeatureExtractors extractors,
      RetrainParams.SearchDefaults searchDefaults,
      Consumer<Duration> trainingTimes) {
    List<Future<String>> runners = new ArrayList<>();
    if (config.roles().has(Role.TRAINING)) {
      RetrainJob retrain =
          new RetrainJob(
              vertx,
              backends.samples(),
              backends.models(),
              models,
              extractors.current().schema(),
              featureUpgrade(config, backends, extractors),
              searchDefaults,
              trainingTimes);
      runners.add(deploy(vertx, instanceId, config, backends.queue(), retrain));
    }
    AnalysisFiles files = analysisFiles(config);
    if (config.roles().has(Role.ANALYSIS)) {
      AnalysisJob analysis =
          new AnalysisJob(
              models,
              new RecordingAnalyzer(
                  new AudioLoader(config.analysisLimits()), config.openSetPolicy()),
              files,
              config.analysisMaxSeconds());
      runners.add(deploy(vertx, instanceId, config, backends.analysisQueue(), analysis));
    }
    // every instance sweeps: the files live in the shared DATA_DIR, written by API instances
    // (recordings) and analysis workers (results) alike, and a sweep is an idempotent walk
    long sweepTimer =
        vertx.setPeriodic(0, SWEEP_EVERY_MS, id -> sweep(vertx, files, config.jobRecordTtl()));
    return Future.all(runners).map(all -> new JobWorkers(vertx, all.<String>list(), sweepTimer));
  }

  /** Re-extracts clips stored under an earlier feature version before a retrain reads them. */
  private static FeatureUpgrade featureUpgrade(
      EarshotConfig config, JobsBackEnd backends, FeatureExtractors extractors) {
    return new FeatureUpgrade(
        backends.samples(),
        new ClipFiles(config.clipsDir()),
        HttpWiring.clipAnalyzer(config, HttpWiring.clipLoader(config), extractors.current()),
        extractors.current().schema().id(),
        extractors.otherSchemaIds(),
        config.workers());
  }

  /** Where analysis jobs keep recordings and results: the data folder every instance shares. */
  static AnalysisFiles analysisFiles(EarshotConfig config) {
    return new AnalysisFiles(config.dataDir());
  }

  private static <R> Future<String> deploy(
      Vertx vertx, String instanceId, EarshotConfig config, JobQueue lane, JobHandler<R> handler) {
    return vertx.deployVerticle(
        new JobRunnerVerticle<>(
            instanceId,
            lane,
            handler,
            config.trainingPollInterval(),
            config.jobVisibilityTimeout()));
  }

  private static void sweep(Vertx vertx, AnalysisFiles files, Duration retention) {
    vertx
        .executeBlocking(() -> files.sweep(Instant.now(), retention), false)
        .onSuccess(
            removed -> {
              if (removed > 0) {
                LOG.info("removed {} analysis files older than {}", removed, retention);
              }
            })
        .onFailure(e -> LOG.warn("analysis files not swept: {}", e.getMessage()));
  }

  /** Hands running jobs back to their queues (see {@link JobRunnerVerticle#stop()}). */
  Future<Void> stop() {
    vertx.cancelTimer(sweepTimer);
    return Future.join(deployments.stream().map(vertx::undeploy).toList()).mapEmpty();
  }
}
