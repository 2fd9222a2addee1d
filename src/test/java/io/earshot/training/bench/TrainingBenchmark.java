package io.earshot.training.bench;

import io.earshot.features.FeatureExtractor;
import io.earshot.training.LabeledSample;
import io.earshot.training.SyntheticData;
import io.earshot.training.Trainer;
import io.earshot.training.TrainingListener;
import io.earshot.training.TrainingParams;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wall-clock time of one whole training on 10,000 samples as wide as the real feature schema, 6
 * classes: without search (early stopping, refit, calibration) and with a small search. Run: ./mvnw
 * -B -Pbench test-compile exec:exec -Dbench=TrainingBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class TrainingBenchmark {
  private static final int SAMPLES = 10_000;
  private static final int CLASSES = 6;

  @Param({"0", "4"})
  public int searchTrials;

  private List<LabeledSample> samples;
  private List<String> names;
  private TrainingParams params;

  @Setup
  public void generate() {
    int width = new FeatureExtractor().schema().size();
    names = SyntheticData.featureNames(width);
    samples = SyntheticData.blobs(CLASSES, SAMPLES / CLASSES / 2, 2, width, 4, 7);
    params =
        TrainingParams.fromMap(
            java.util.Map.of(
                "search_trials", searchTrials, "search_time_seconds", 600, "cv_folds", 3));
  }

  @Benchmark
  public Object train() {
    return Trainer.train(samples, "bench", names, params, TrainingListener.NONE).bundle();
  }
}
