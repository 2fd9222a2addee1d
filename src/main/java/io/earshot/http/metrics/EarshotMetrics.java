package io.earshot.http.metrics;

import io.earshot.http.BoundedWorkers;
import io.earshot.jobs.JobStatus;
import io.earshot.pipeline.ActiveModel;
import io.earshot.pipeline.ModelHolder;
import io.earshot.pipeline.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Earshot's own Prometheus meters, next to the HTTP and JVM ones Vert.x records: predictions by
 * class, the time of each prediction stage, worker hand-off depth and rejections, and the active
 * model's version and accuracy; and, when the job code reports them, jobs by state and training
 * time. Gauges read live state where they can; the version gauge carries the version as a label
 * too, so it is moved to the new model by {@link #refreshModelVersion()}. Label values are bounded
 * (class names, stage names, job states) so series stay few.
 */
public final class EarshotMetrics {
  /** predicted_class is null when the answer abstains (silent, novel or uncertain). */
  static final String UNKNOWN_CLASS = "unknown";

  private static final long VERSION_CHECK_MS = 1000;

  /**
   * Histogram buckets from a cached tiny clip to a long decode: 14 series per stage, not
   * Micrometer's ~70.
   */
  private static final Duration[] STAGE_BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
    Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
    Duration.ofSeconds(10), Duration.ofSeconds(30)
  };

  private final MeterRegistry registry;
  private final Timer decode;
  private final Timer features;
  private final Timer scoring;
  private final ModelHolder models;
  private final MultiGauge modelVersion;
  private String shownVersion;
  private final Map<JobStatus, AtomicLong> jobs = new EnumMap<>(JobStatus.class);

  public EarshotMetrics(MeterRegistry registry, BoundedWorkers workers, ModelHolder models) {
    this.registry = registry;
    this.decode = stageTimer("decode");
    this.features = stageTimer("features");
    this.scoring = stageTimer("scoring");
    Gauge.builder("earshot.worker.queue.depth", workers, BoundedWorkers::depth)
        .description("audio tasks running or waiting on the worker pool")
        .strongReference(true)
        .register(registry);
    Gauge.builder("earshot.worker.capacity", workers, BoundedWorkers::capacity)
        .description("audio tasks admitted at most (workers + queue capacity)")
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder("earshot.worker.rejections", workers, BoundedWorkers::rejectedTotal)
        .description("requests refused with 503 because the worker pool was full")
        .register(registry);
    this.models = models;
    this.modelVersion =
        MultiGauge.builder("earshot.model.version")
            .description(
                "version of the model being served, as value and as label (NaN when not numeric)")
            .register(registry);
    refreshModelVersion();
    Gauge.builder("earshot.model.accuracy", models, EarshotMetrics::accuracy)
        .description("hold-out accuracy of the model being served (NaN when none)")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Uses the registry Vert.x publishes at /metrics (a private one when metrics are off) and checks
   * the served model's version every second, the time an activation takes to reach every instance.
   */
  public static EarshotMetrics forVertx(Vertx vertx, BoundedWorkers workers, ModelHolder models) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    EarshotMetrics metrics =
        new EarshotMetrics(
            registry == null ? new SimpleMeterRegistry() : registry, workers, models);
    vertx.setPeriodic(VERSION_CHECK_MS, id -> metrics.refreshModelVersion());
    return metrics;
  }

  /**
   * Moves {@code earshot_model_version{version}} to the served model. The label changes with the
   * model, so the old series is dropped rather than left behind; cheap when nothing changed.
   */
  public synchronized void refreshModelVersion() {
    String version = models.versionOrNull();
    if (Objects.equals(version, shownVersion) && shownVersion != null) {
      return;
    }
    shownVersion = version;
    modelVersion.register(
        version == null
            ? List.of()
            : List.of(MultiGauge.Row.of(Tags.of("version", version), numeric(version))),
        true);
  }

  /** Records one finished prediction: its class and the time of each stage. */
  public void predicted(Prediction prediction) {
    String label =
        prediction.predictedClass() == null ? UNKNOWN_CLASS : prediction.predictedClass();
    Counter.builder("earshot.predictions")
        .description("predictions answered, by predicted class")
        .tag("class", label)
        .register(registry)
        .increment();
    if (prediction.unknownReason() != null) {
      Counter.builder("earshot.predictions.abstained")
          .description("predictions that abstained, by reason (silent, novel, uncertain)")
          .tag("reason", prediction.unknownReason().wireName())
          .register(registry)
          .increment();
    }
    Prediction.StageTimings timings = prediction.timings();
    decode.record(nanos(timings.decodeMs()));
    features.record(nanos(timings.featuresMs()));
    scoring.record(nanos(timings.scoringMs()));
  }

  /**
   * Sets {@code earshot_jobs{state}} to counts read from the queue (states left out become 0). The
   * counts are shared by every instance, so each reports the same numbers; dashboards take the max.
   */
  public synchronized void jobCounts(Map<JobStatus, Long> counts) {
    for (JobStatus state : JobStatus.values()) {
      jobGauge(state).set(counts.getOrDefault(state, 0L));
    }
  }

  /**
   * Moves one job between states between two {@link #jobCounts} readings.
   *
   * @param previous the state it left, or null for a new job
   */
  public synchronized void jobStateChanged(JobStatus previous, JobStatus next) {
    if (previous != null) {
      jobGauge(previous).updateAndGet(n -> Math.max(0, n - 1));
    }
    jobGauge(next).incrementAndGet();
  }

  /** Records how long one training run took, successful or not. */
  public void trainingFinished(Duration duration) {
    Timer.builder("earshot.training.duration")
        .description("wall time of training runs")
        .register(registry)
        .record(duration);
  }

  public MeterRegistry registry() {
    return registry;
  }

  private Timer stageTimer(String stage) {
    return Timer.builder("earshot.prediction.stage")
        .description("time spent in each prediction stage")
        .tag("stage", stage)
        .serviceLevelObjectives(STAGE_BUCKETS)
        .register(registry);
  }

  private static Duration nanos(double millis) {
    return Duration.ofNanos(Math.round(millis * 1e6));
  }

  /** Registered on first use, so no job series appear before the job code reports. */
  private AtomicLong jobGauge(JobStatus state) {
    return jobs.computeIfAbsent(
        state, s -> registry.gauge("earshot.jobs", Tags.of("state", s.json()), new AtomicLong()));
  }

  private static double numeric(String version) {
    try {
      return Double.parseDouble(version);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static double accuracy(ModelHolder models) {
    return models
        .current()
        .map(ActiveModel::bundle)
        .map(b -> b.metrics().accuracy())
        .orElse(Double.NaN);
  }
}
