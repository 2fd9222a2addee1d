package io.earshot.jobs;

import io.earshot.features.FeatureSchema;
import io.earshot.model.Classifier;
import io.earshot.pipeline.ActiveModel;
import io.earshot.pipeline.ModelHolder;
import io.earshot.training.LabeledSample;
import io.earshot.training.Retrainer;
import io.earshot.training.TrainingCancelledException;
import io.earshot.training.TrainingListener;
import io.earshot.training.TrainingProgress;
import io.earshot.training.TrialResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims retrain jobs (one at a time across all instances: the training lane holds one lease),
 * trains on a dedicated worker thread, reports progress, registers the candidate and promotes it
 * when it is not worse than the served model on the same hold-out.
 */
public final class TrainingWorkerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingWorkerVerticle.class);
  private static final long PROGRESS_EVERY_MS = 250;
  private static final long CANCEL_POLL_MS = 500;

  private final JobQueue queue;
  private final FeatureStore samples;
  private final ModelRegistry registry;
  private final ModelHolder served;
  private final FeatureSchema schema;
  private final RetrainParams.SearchDefaults searchDefaults;
  private final Duration pollInterval;
  private final Duration heartbeatInterval;
  private final Consumer<Duration> trainingTimes;
  private final String workerId = "worker-" + UUID.randomUUID();
  private final AtomicBoolean busy = new AtomicBoolean();
  private WorkerExecutor trainingThread;
  private volatile LeaseKeeper currentLease;
  private volatile ClaimedJob currentJob;
  private volatile boolean stopping;

  public TrainingWorkerVerticle(
      JobQueue queue,
      FeatureStore samples,
      ModelRegistry registry,
      ModelHolder served,
      FeatureSchema schema,
      RetrainParams.SearchDefaults searchDefaults,
      Duration pollInterval,
      Duration visibilityTimeout,
      Consumer<Duration> trainingTimes) {
    this.queue = queue;
    this.samples = samples;
    this.registry = registry;
    this.served = served;
    this.schema = schema;
    this.searchDefaults = searchDefaults;
    this.pollInterval = pollInterval;
    this.heartbeatInterval = visibilityTimeout.dividedBy(3);
    this.trainingTimes = trainingTimes;
  }

  @Override
  public Future<?> start() {
    trainingThread = vertx.createSharedWorkerExecutor("earshot-training", 1, Long.MAX_VALUE);
    vertx.setPeriodic(pollInterval.toMillis(), id -> pollOnce());
    // A job queued anywhere is picked up at once instead of at the next poll.
    vertx
        .eventBus()
        .<JsonObject>consumer(
            JobEvents.ADDRESS,
            message -> {
              if ("queued".equals(message.body().getString("type"))) {
                pollOnce();
              }
            });
    return Future.succeededFuture();
  }

  /**
   * Graceful stop: the running training is told to stop and its job goes back to the queue at once
   * (counting an attempt), so another instance picks it up without waiting for the lease to expire.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    LeaseKeeper lease = currentLease;
    ClaimedJob job = currentJob;
    if (lease != null) {
      lease.stop();
    }
    Future<?> released =
        job == null
            ? Future.succeededFuture()
            : queue
                .fail(job.jobId(), workerId, "the instance running it shut down; re-queued")
                .onFailure(
                    e -> LOG.warn("could not release job {}: {}", job.jobId(), e.getMessage()))
                .recover(e -> Future.succeededFuture());
    return released.compose(
        v -> trainingThread == null ? Future.succeededFuture() : trainingThread.close());
  }

  public String workerId() {
    return workerId;
  }

  void pollOnce() {
    if (stopping || !busy.compareAndSet(false, true)) {
      return;
    }
    queue
        .claim(workerId)
        .compose(claimed -> claimed.map(this::run).orElseGet(Future::succeededFuture))
        .onFailure(e -> LOG.warn("training worker: {}", e.getMessage()))
        .onComplete(done -> busy.set(false));
  }

  private Future<Void> run(ClaimedJob job) {
    LOG.info(
        "training job {} claimed by {}{}",
        job.jobId(),
        workerId,
        job.takeover() ? " (takeover)" : "");
    LeaseKeeper lease = LeaseKeeper.start(vertx, queue, job, heartbeatInterval);
    currentLease = lease;
    currentJob = job;
    RetrainParams params;
    try {
      params = RetrainParams.parse(job.job().params(), searchDefaults);
    } catch (IllegalArgumentException e) {
      return finish(lease, queue.failPermanently(job.jobId(), workerId, e.getMessage()));
    }
    Optional<ActiveModel> active = served.current();
    Future<JsonObject> outcome =
        samples
            .markTrained()
            .compose(v -> samples.all(schema.id()))
            .compose(
                stored ->
                    trainingThread.executeBlocking(
                        () -> {
                          long started = System.nanoTime();
                          Retrainer.Outcome trained =
                              train(
                                  job, lease, stored, params, active.map(ActiveModel::classifier));
                          trainingTimes.accept(Duration.ofNanos(System.nanoTime() - started));
                          return trained;
                        },
                        false))
            .compose(result -> register(result, active));
    return finish(
        lease,
        outcome
            .compose(result -> queue.complete(job.jobId(), workerId, result))
            .recover(failure -> onFailure(job, failure)));
  }

  private Retrainer.Outcome train(
      ClaimedJob job,
      LeaseKeeper lease,
      List<StoredSample> stored,
      RetrainParams params,
      Optional<Classifier> active) {
    List<LabeledSample> data = StoredSamples.toLabeled(stored, params.augment());
    if (data.isEmpty()) {
      throw new IllegalArgumentException(
          "no training data: upload labelled clips with POST /api/v1/upload-data first");
    }
    return Retrainer.run(
        data,
        schema.id(),
        schema.names(),
        params.training(),
        new ProgressReporter(job, lease),
        active,
        params.force());
  }

  private Future<JsonObject> register(Retrainer.Outcome outcome, Optional<ActiveModel> active) {
    return vertx
        .executeBlocking(() -> Registration.of(outcome.bundle()), false)
        .compose(r -> registry.register(r.bytes(), r.metadata(), r.metrics()))
        .compose(
            version ->
                (outcome.promote() ? registry.activate(version) : Future.<Void>succeededFuture())
                    .map(
                        v ->
                            new JsonObject()
                                .put("model_version", version)
                                .put("promoted", outcome.promote())
                                .put("reason", outcome.reason())
                                .put(
                                    "previous_version",
                                    active.map(ActiveModel::version).orElse(null))
                                .put(
                                    "metrics",
                                    new JsonObject()
                                        .put("accuracy", outcome.bundle().metrics().accuracy())
                                        .put("macro_f1", outcome.macroF1())
                                        .put(
                                            "served_model_macro_f1",
                                            outcome.activeMacroF1().orElse(null)))));
  }

  private Future<JobSnapshot> onFailure(ClaimedJob job, Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (stopping) {
      return Future.failedFuture("job " + job.jobId() + " was released when the instance stopped");
    }
    if (cause instanceof TrainingCancelledException) {
      LOG.info("training job {} cancelled", job.jobId());
      return queue.acknowledgeCancel(job.jobId(), workerId);
    }
    if (cause instanceof IllegalArgumentException) {
      return queue.failPermanently(job.jobId(), workerId, cause.getMessage());
    }
    LOG.error("training job {} failed", job.jobId(), cause);
    return queue.fail(job.jobId(), workerId, String.valueOf(cause.getMessage()));
  }

  private Future<Void> finish(LeaseKeeper lease, Future<?> outcome) {
    return outcome
        .<Void>mapEmpty()
        .onComplete(
            done -> {
              lease.stop();
              currentLease = null;
              currentJob = null;
            })
        .recover(
            e -> {
              LOG.warn("could not record the end of a training job: {}", e.getMessage());
              return Future.succeededFuture();
            });
  }

  /** Forwards rounds and trials to the queue (throttled) and stops training when told to. */
  private final class ProgressReporter implements TrainingListener {
    private final ClaimedJob job;
    private final LeaseKeeper lease;
    private long lastSent;
    private long lastCancelPoll = System.currentTimeMillis();
    private volatile boolean cancelRequested;

    ProgressReporter(ClaimedJob job, LeaseKeeper lease) {
      this.job = job;
      this.lease = lease;
    }

    @Override
    public void onRound(TrainingProgress p) {
      long now = System.currentTimeMillis();
      boolean last = p.round() == p.totalRounds() && "refit".equals(p.phase());
      if (!last && now - lastSent < PROGRESS_EVERY_MS) {
        return;
      }
      lastSent = now;
      send(
          new JsonObject()
              .put("phase", p.phase())
              .put("round", p.round())
              .put("total_rounds", p.totalRounds())
              .put("percent", finite(Progress.percent(p)))
              .put("train_metric", finite(p.trainMetric()))
              .put("validation_metric", finite(p.validationMetric()))
              .put("metric", p.metricName())
              .put("elapsed_s", p.elapsedSeconds())
              .put("eta_s", finite(p.etaSeconds())));
    }

    @Override
    public void onTrial(TrialResult trial) {
      send(
          new JsonObject()
              .put("phase", "search")
              .put("trial", trial.trial())
              .put("total_trials", trial.totalTrials())
              .put("cv_mean", finite(trial.cvMean()))
              .put("cv_std", finite(trial.cvStd()))
              .put("metric", trial.metricName())
              .put("trial_params", new JsonObject(trial.params()))
              .put("percent", Progress.searchPercent(trial)));
    }

    /**
     * Polled before every boosting round. Besides the lease keeper's heartbeat answer, asks the
     * queue at most every {@link #CANCEL_POLL_MS} whether a cancel was requested, so a cancel takes
     * effect within a second rather than a heartbeat interval.
     */
    @Override
    public boolean cancelled() {
      long now = System.currentTimeMillis();
      if (now - lastCancelPoll >= CANCEL_POLL_MS) {
        lastCancelPoll = now;
        queue.isCancelRequested(job.jobId()).onSuccess(requested -> cancelRequested |= requested);
      }
      return stopping || cancelRequested || lease.shouldStop();
    }

    private void send(JsonObject progress) {
      queue
          .progress(job.jobId(), workerId, progress)
          .onFailure(
              e -> LOG.debug("progress of job {} not recorded: {}", job.jobId(), e.getMessage()));
    }

    private Double finite(double value) {
      return Double.isFinite(value) ? value : null;
    }
  }
}
