package io.earshot.model.bench;

import io.earshot.model.NoveltyModel;
import io.earshot.training.LabeledSample;
import io.earshot.training.SearchParams;
import io.earshot.training.SyntheticData;
import io.earshot.training.Trainer;
import io.earshot.training.TrainingListener;
import io.earshot.training.TrainingParams;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the novelty score each prediction pays: distance to the nearest class and its place among
 * the reference distances, at Earshot's 142 features, for the demo's 6 classes and for a 32-class
 * model. Run: ./mvnw -B -Pbench test-compile exec:exec -Dbench=NoveltyBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NoveltyBenchmark {

  private static final int FEATURES = 142;

  @Param({"6", "32"})
  public int classes;

  private NoveltyModel novelty;
  private float[] clip;

  @Setup(Level.Trial)
  public void train() {
    List<LabeledSample> samples = SyntheticData.blobs(classes, 20, 1, FEATURES, 3, 1);
    TrainingParams params =
        TrainingParams.fromMap(Map.of("rounds", 5, "early_stopping_rounds", 2))
            .withSearch(SearchParams.OFF);
    novelty =
        Trainer.train(
                samples,
                "bench",
                SyntheticData.featureNames(FEATURES),
                params,
                TrainingListener.NONE)
            .bundle()
            .novelty()
            .orElseThrow();
    clip = samples.get(7).features();
  }

  @Benchmark
  public NoveltyModel.Score score() {
    return novelty.score(clip, 1);
  }
}
