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
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;

/**
 * Earshot's own Prometheus meters, next to the HTTP and JVM ones Vert.x records: predictions by
 * class, the time of each prediction stage, worker hand-off depth and rejections, and the active
 * model's version and accuracy. Gauges read live state, so nothing has to remember to update them.
 * Label values are bounded (class names, stage names, job states) so series stay few.
 */
public final class EarshotMetrics {
  /** predicted_class is null when the confidence is under the unknown threshold. */
  static final String UNKNOWN_CLASS = "unknown";

  private final MeterRegistry registry;
  private final Timer decode;
  private final Timer features;
  private final Timer scoring;

  public EarshotMetrics(MeterRegistry registry, BoundedWorkers workers, ModelHolder models) {
    this.registry = registry;
    this.decode = stageTimer("decode");
    this.features = stageTimer("features");
    this.scoring = stageTimer("scoring");
    Gauge.builder("earshot.worker.queue.depth", workers, BoundedWorkers::depth)
        .description("audio tasks running or waiting on the worker pool")
        .strongReference(true).register(registry);
    Gauge.builder("earshot.worker.capacity", workers, BoundedWorkers::capacity)
        .description("audio tasks admitted at most (workers + queue capacity)")
        .strongReference(true).register(registry);
    FunctionCounter.builder("earshot.worker.rejections", workers, BoundedWorkers::rejectedTotal)
        .description("requests refused with 503 because the worker pool was full")
        .register(registry);
    Gauge.builder("earshot.model.version", models, EarshotMetrics::numericVersion)
        .description("version of the model being served (NaN when none or not numeric)")
        .strongReference(true).register(registry);
    Gauge.builder("earshot.model.accuracy", models, EarshotMetrics::accuracy)
        .description("hold-out accuracy of the model being served (NaN when none)")
        .strongReference(true).register(registry);
  }

  /** Uses the registry Vert.x publishes at /metrics, or a private one when metrics are off. */
  public static EarshotMetrics forVertx(BoundedWorkers workers, ModelHolder models) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return new EarshotMetrics(registry == null ? new SimpleMeterRegistry() : registry, workers, models);
  }

  /** Records one finished prediction: its class and the time of each stage. */
  public void predicted(Prediction prediction) {
    String label = prediction.predictedClass() == null ? UNKNOWN_CLASS : prediction.predictedClass();
    Counter.builder("earshot.predictions").description("predictions answered, by predicted class")
        .tag("class", label).register(registry).increment();
    Prediction.StageTimings timings = prediction.timings();
    decode.record(nanos(timings.decodeMs()));
    features.record(nanos(timings.featuresMs()));
    scoring.record(nanos(timings.scoringMs()));
  }

  /** Counts a job entering {@code state}; call it on every transition this instance makes or sees. */
  public void jobStateChanged(JobStatus state) {
    Counter.builder("earshot.jobs").description("job state transitions, by the state entered")
        .tag("state", state.json()).register(registry).increment();
  }

  /** Records how long one training run took, successful or not. */
  public void trainingFinished(Duration duration) {
    Timer.builder("earshot.training.duration").description("wall time of training runs")
        .register(registry).record(duration);
  }

  public MeterRegistry registry() {
    return registry;
  }

  private Timer stageTimer(String stage) {
    return Timer.builder("earshot.prediction.stage")
        .description("time spent in each prediction stage")
        .tag("stage", stage)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  private static Duration nanos(double millis) {
    return Duration.ofNanos(Math.round(millis * 1e6));
  }

  private static double numericVersion(ModelHolder models) {
    String version = models.versionOrNull();
    if (version == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(version);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static double accuracy(ModelHolder models) {
    return models.current().map(ActiveModel::bundle).map(b -> b.metrics().accuracy()).orElse(Double.NaN);
  }
}
