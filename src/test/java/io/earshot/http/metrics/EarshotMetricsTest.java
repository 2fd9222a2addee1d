package io.earshot.http.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.http.BoundedWorkers;
import io.earshot.jobs.JobStatus;
import io.earshot.openset.UnknownReason;
import io.earshot.pipeline.ActiveModel;
import io.earshot.pipeline.ModelHolder;
import io.earshot.pipeline.Prediction;
import io.earshot.testing.TestModels;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters without a server: what each recording call and gauge reports. */
class EarshotMetricsTest {
  private final Vertx vertx = Vertx.vertx();
  private final BoundedWorkers workers = new BoundedWorkers(vertx, 1, 1, 1);
  private final ModelHolder models = new ModelHolder();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final EarshotMetrics metrics = new EarshotMetrics(registry, workers, models);

  @AfterEach
  void close() throws Exception {
    workers.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void predictionsCountByClassWithUnknownForAbstentionsAndAbstentionsByReason() {
    metrics.predicted(prediction("bird", null, 2, 3, 4));
    metrics.predicted(prediction("bird", null, 2, 3, 4));
    metrics.predicted(prediction(null, UnknownReason.SILENT, 1, 1, 1));
    metrics.predicted(prediction(null, UnknownReason.NOVEL, 1, 1, 1));
    metrics.predicted(prediction(null, UnknownReason.NOVEL, 1, 1, 1));
    assertEquals(2.0, registry.get("earshot.predictions").tag("class", "bird").counter().count());
    assertEquals(
        3.0, registry.get("earshot.predictions").tag("class", "unknown").counter().count());
    var abstained = registry.get("earshot.predictions.abstained");
    assertEquals(1.0, abstained.tag("reason", "silent").counter().count());
    assertEquals(
        2.0,
        registry.get("earshot.predictions.abstained").tag("reason", "novel").counter().count());
    assertTrue(
        registry
            .find("earshot.predictions.abstained")
            .tag("reason", "uncertain")
            .counters()
            .isEmpty(),
        "no series for a reason that never happened");
    var features = registry.get("earshot.prediction.stage").tag("stage", "features").timer();
    assertEquals(5, features.count());
    assertEquals(3 + 3 + 1 + 1 + 1, features.totalTime(TimeUnit.MILLISECONDS), 1e-6);
  }

  @Test
  void modelGaugesAreEmptyWithoutAModelAndFollowTheActiveOne() {
    assertTrue(
        registry.find("earshot.model.version").gauges().isEmpty(),
        "no version series without a model");
    assertTrue(Double.isNaN(registry.get("earshot.model.accuracy").gauge().value()));
    var bundle = TestModels.tiny().withVersion("7");
    models.swap(new ActiveModel("7", bundle, null, null)); // the gauges read the bundle only
    metrics.refreshModelVersion();
    assertEquals(7.0, registry.get("earshot.model.version").tag("version", "7").gauge().value());
    assertEquals(
        bundle.metrics().accuracy(), registry.get("earshot.model.accuracy").gauge().value());
    models.swap(new ActiveModel("8", bundle.withVersion("8"), null, null));
    metrics.refreshModelVersion();
    assertEquals(
        1,
        registry.find("earshot.model.version").gauges().size(),
        "the old version's series is gone");
    assertEquals(8.0, registry.get("earshot.model.version").tag("version", "8").gauge().value());
  }

  @Test
  void workerGaugesFollowAdmissionsAndRejections() {
    assertEquals(2.0, registry.get("earshot.worker.capacity").gauge().value());
    assertTrue(workers.tryAdmit(2).isPresent());
    assertEquals(2.0, registry.get("earshot.worker.queue.depth").gauge().value());
    assertTrue(workers.tryAdmit(1).isEmpty());
    assertEquals(1.0, registry.get("earshot.worker.rejections").functionCounter().count());
  }

  @Test
  void jobsByStateAndTrainingTimeAppearOnceTheJobCodeReports() {
    assertTrue(registry.find("earshot.jobs").gauges().isEmpty(), "no placeholder series");
    metrics.jobCounts(Map.of(JobStatus.QUEUED, 2L, JobStatus.SUCCEEDED, 5L));
    metrics.jobStateChanged(null, JobStatus.QUEUED);
    metrics.jobStateChanged(JobStatus.QUEUED, JobStatus.RUNNING);
    metrics.trainingFinished(Duration.ofSeconds(42));
    assertEquals(2.0, registry.get("earshot.jobs").tag("state", "queued").gauge().value());
    assertEquals(1.0, registry.get("earshot.jobs").tag("state", "running").gauge().value());
    assertEquals(5.0, registry.get("earshot.jobs").tag("state", "succeeded").gauge().value());
    assertEquals(0.0, registry.get("earshot.jobs").tag("state", "dead").gauge().value());
    assertEquals(
        42.0, registry.get("earshot.training.duration").timer().totalTime(TimeUnit.SECONDS), 1e-9);
  }

  private static Prediction prediction(
      String label, UnknownReason reason, double decodeMs, double featuresMs, double scoringMs) {
    return new Prediction(
        label,
        0.9,
        reason,
        0.5,
        -20,
        Map.of(),
        List.of(),
        "1",
        1.0,
        new Prediction.StageTimings(decodeMs, featuresMs, scoringMs),
        List.of());
  }
}
