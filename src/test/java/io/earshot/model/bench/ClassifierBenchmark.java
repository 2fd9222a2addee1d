package io.earshot.model.bench;

import io.earshot.model.Classifier;
import io.earshot.model.Explanation;
import io.earshot.training.LabeledSample;
import io.earshot.training.SyntheticData;
import io.earshot.training.Trainer;
import io.earshot.training.TrainingListener;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scoring cost of a trained model (6 classes, 40 features, search off so that it keeps the full
 * default 200 rounds unless early stopping ends sooner). Run: ./mvnw -B -Pbench test-compile
 * exec:exec -Dbench=ClassifierBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ClassifierBenchmark {

  private static final int FEATURES = 40;

  private Classifier classifier;
  private float[] one;
  private float[][] batch;

  @Setup(Level.Trial)
  public void train() {
    List<LabeledSample> samples = SyntheticData.blobs(6, 60, 2, FEATURES, 3, 1);
    classifier =
        new Classifier(
            Trainer.train(
                    samples,
                    "bench",
                    SyntheticData.featureNames(FEATURES),
                    SyntheticData.quick(),
                    TrainingListener.NONE)
                .bundle(),
            "bench",
            FEATURES);
    one = samples.get(0).features();
    batch = samples.subList(0, 32).stream().map(LabeledSample::features).toArray(float[][]::new);
  }

  @TearDown(Level.Trial)
  public void close() {
    classifier.close();
  }

  @Benchmark
  public double[] single() {
    return classifier.probabilities(one);
  }

  @Benchmark
  public float[][] batchOf32() {
    return classifier.probabilitiesBatch(batch);
  }

  @Benchmark
  public Explanation explainTop5() {
    return classifier.explain(one, 5);
  }
}
