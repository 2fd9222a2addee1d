package io.earshot.jobs;

import io.earshot.features.FeatureSchema;
import io.earshot.model.Classifier;
import io.earshot.model.ModelMetadata;
import io.earshot.pipeline.ActiveModel;
import io.earshot.pipeline.ModelHolder;
import io.earshot.training.DatasetVersion;
import io.earshot.training.LabeledSample;
import io.earshot.training.Retrainer;
import io.earshot.training.TrainingListener;
import io.earshot.training.TrainingProgress;
import io.earshot.training.TrialResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrain job: trains on every stored sample, or on exactly a recorded dataset version, records
 * the dataset it read (which marks those clips trained), then registers the candidate and promotes
 * it when it is not worse than the served model on the same hold-out. The global
 * one-training-at-a-time rule is the queue's (its lane holds one lease), not this class's.
 */
public final class RetrainJob implements JobHandler<RetrainJob.Trained> {

  private static final Logger LOG = LoggerFactory.getLogger(RetrainJob.class);

  private final Vertx vertx;
  private final FeatureStore samples;
  private final ModelRegistry registry;
  private final ModelHolder served;
  private final FeatureSchema schema;
  private final FeatureUpgrade upgrade;
  private final RetrainParams.SearchDefaults searchDefaults;
  private final Consumer<Duration> trainingTimes;

  /**
   * The trained candidate, the model it was compared with, and the clips brought up to today's
   * feature version first.
   */
  public record Trained(
      Retrainer.Outcome outcome,
      Optional<ActiveModel> comparedWith,
      FeatureUpgrade.Outcome upgraded) {}

  public RetrainJob(
      Vertx vertx,
      FeatureStore samples,
      ModelRegistry registry,
      ModelHolder served,
      FeatureSchema schema,
      FeatureUpgrade upgrade,
      RetrainParams.SearchDefaults searchDefaults,
      Consumer<Duration> trainingTimes) {
    this.vertx = vertx;
    this.samples = samples;
    this.registry = registry;
    this.served = served;
    this.schema = schema;
    this.upgrade = upgrade;
    this.searchDefaults = searchDefaults;
    this.trainingTimes = trainingTimes;
  }

  @Override
  public String type() {
    return JobRequest.RETRAIN;
  }

  @Override
  public Future<Trained> work(JobContext job) {
    RetrainParams params = RetrainParams.parse(job.params(), searchDefaults);
    Optional<ActiveModel> active = served.current();
    return upgrade
        .run(new UpgradeSteps(job))
        .onSuccess(this::log)
        .compose(upgraded -> train(job, params, active, upgraded));
  }

  private void log(FeatureUpgrade.Outcome upgraded) {
    if (!upgraded.nothingToDo()) {
      LOG.info(
          "feature upgrade to {}: {} clips ({} samples) re-extracted in {} s; {} without audio, {}"
              + " undecodable, left as they were",
          upgraded.toSchemaId(),
          upgraded.clips(),
          upgraded.samples(),
          String.format(Locale.ROOT, "%.1f", upgraded.seconds()),
          upgraded.missingAudio().size(),
          upgraded.undecodable().size());
    }
  }

  /** Reads the training set from the store, records it, and trains on it. */
  private Future<Trained> train(
      JobContext job,
      RetrainParams params,
      Optional<ActiveModel> active,
      FeatureUpgrade.Outcome upgraded) {
    return pinnedDataset(params)
        .compose(
            pinned ->
                samples
                    .all(schema.id())
                    .compose(stored -> job.blocking(() -> trainingSet(stored, params, pinned))))
        .compose(data -> samples.markTrained(DatasetVersion.ofSamples(data)).map(data))
        .compose(
            data ->
                job.blocking(
                    () ->
                        new Trained(
                            train(job, data, params, active.map(ActiveModel::classifier)),
                            active,
                            upgraded)));
  }

  @Override
  public void worked(Duration took) {
    trainingTimes.accept(took);
  }

  /** The recorded dataset a retrain asks for; a version never recorded fails the job. */
  private Future<Optional<DatasetVersion>> pinnedDataset(RetrainParams params) {
    if (params.datasetVersion().isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    String version = params.datasetVersion().get();
    return samples
        .dataset(version)
        .map(
            found ->
                Optional.of(
                    found.orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                StoredSamples.unknownDatasetMessage(version)))));
  }

  private static List<LabeledSample> trainingSet(
      List<StoredSample> stored, RetrainParams params, Optional<DatasetVersion> pinned) {
    List<LabeledSample> data =
        pinned
            .map(dataset -> StoredSamples.pinned(stored, dataset, params.augment()))
            .orElseGet(() -> StoredSamples.toLabeled(stored, params.augment()));
    if (data.isEmpty()) {
      throw new IllegalArgumentException(
          "no training data: upload labelled clips with POST /api/v1/upload-data first");
    }
    return data;
  }

  private Retrainer.Outcome train(
      JobContext job, List<LabeledSample> data, RetrainParams params, Optional<Classifier> active) {
    return Retrainer.run(
        data,
        schema.id(),
        schema.names(),
        params.training(),
        new ProgressReporter(job),
        active,
        params.force());
  }

  @Override
  public Future<JsonObject> commit(JobContext job, Trained trained) {
    Retrainer.Outcome outcome = trained.outcome();
    return vertx
        .executeBlocking(() -> Registration.of(outcome.bundle()), false)
        .compose(r -> registry.register(r.bytes(), r.metadata(), r.metrics()))
        .compose(
            version ->
                (outcome.promote() ? registry.activate(version) : Future.<Void>succeededFuture())
                    .map(v -> result(version, trained)));
  }

  private static JsonObject result(String version, Trained trained) {
    Retrainer.Outcome outcome = trained.outcome();
    String dataset = datasetVersion(outcome.bundle().metadata());
    String previousDataset =
        trained.comparedWith().map(m -> datasetVersion(m.bundle().metadata())).orElse(null);
    return new JsonObject()
        .put("dataset_version", dataset)
        .put("previous_dataset_version", previousDataset)
        .put("same_data", previousDataset == null ? null : previousDataset.equals(dataset))
        .put("model_version", version)
        .put("promoted", outcome.promote())
        .put("reason", outcome.reason())
        .put("previous_version", trained.comparedWith().map(ActiveModel::version).orElse(null))
        .put(
            "feature_upgrade",
            trained.upgraded().nothingToDo() ? null : trained.upgraded().toJson())
        .put(
            "metrics",
            new JsonObject()
                .put("accuracy", outcome.bundle().metrics().accuracy())
                .put("macro_f1", outcome.macroF1())
                .put("served_model_macro_f1", outcome.activeMacroF1().orElse(null)));
  }

  private static String datasetVersion(ModelMetadata metadata) {
    return metadata.dataset() == null ? null : metadata.dataset().version();
  }

  /** The upgrade's blocking steps on the job's thread, its progress as the job's. */
  private record UpgradeSteps(JobContext job) implements FeatureUpgrade.Steps {
    @Override
    public <T> Future<T> blocking(Callable<T> work) {
      return job.blocking(work);
    }

    @Override
    public void progress(int done, int total) {
      job.progress(
          new JsonObject()
              .put("phase", "upgrade")
              .put("clips_done", done)
              .put("clips_total", total)
              .put("percent", Progress.percent(done, total)),
          done == total);
    }

    @Override
    public boolean shouldStop() {
      return job.shouldStop();
    }
  }

  /** Forwards rounds and trials as job progress and stops training when the job should stop. */
  private static final class ProgressReporter implements TrainingListener {
    private final JobContext job;

    ProgressReporter(JobContext job) {
      this.job = job;
    }

    @Override
    public void onRound(TrainingProgress p) {
      boolean last = p.round() == p.totalRounds() && "refit".equals(p.phase());
      job.progress(
          new JsonObject()
              .put("phase", p.phase())
              .put("round", p.round())
              .put("total_rounds", p.totalRounds())
              .put("percent", finite(Progress.percent(p)))
              .put("train_metric", finite(p.trainMetric()))
              .put("validation_metric", finite(p.validationMetric()))
              .put("metric", p.metricName())
              .put("elapsed_s", p.elapsedSeconds())
              .put("eta_s", finite(p.etaSeconds())),
          last);
    }

    @Override
    public void onTrial(TrialResult trial) {
      job.progress(
          new JsonObject()
              .put("phase", "search")
              .put("trial", trial.trial())
              .put("total_trials", trial.totalTrials())
              .put("cv_mean", finite(trial.cvMean()))
              .put("cv_std", finite(trial.cvStd()))
              .put("metric", trial.metricName())
              .put("trial_params", new JsonObject(trial.params()))
              .put("percent", Progress.searchPercent(trial)),
          true);
    }

    @Override
    public boolean cancelled() {
      return job.shouldStop();
    }

    private static Double finite(double value) {
      return Double.isFinite(value) ? value : null;
    }
  }
}
