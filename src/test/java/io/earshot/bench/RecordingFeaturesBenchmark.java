package io.earshot.bench;

import io.earshot.analysis.WindowPlan;
import io.earshot.audio.AudioClip;
import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
 * Features of every window of a 1-hour 22.05 kHz recording on one thread, from one STFT ({@code
 * FeatureExtractor.extractWindows}); 1000× real time is 3.6 s. The recording is tones coming and
 * going over noise, so pitch tracking and every window do real work. Windows of 3 s every 1.5 s.
 *
 * <p>Run: {@code ./mvnw -B -Pbench test-compile exec:exec -Dbench=RecordingFeatures}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx4g"})
public class RecordingFeaturesBenchmark {
  private static final int RATE = AudioClip.ANALYSIS_RATE;

  @Param({"3600"})
  public int seconds;

  private final FeatureExtractor extractor = new FeatureExtractor();
  private AudioClip recording;
  private List<FeatureExtractor.Span> spans;

  @Setup(Level.Trial)
  public void makeRecording() {
    Random random = new Random(1);
    float[] x = new float[seconds * RATE];
    double hz = 440;
    for (int i = 0; i < x.length; i++) {
      if (i % RATE == 0) {
        hz = 200 + random.nextInt(3000);
      }
      double gate = (i / (RATE / 2)) % 3 == 0 ? 0 : 0.3;
      x[i] = (float) (gate * Math.sin(2 * Math.PI * hz * i / RATE) + 0.02 * random.nextGaussian());
    }
    recording = new AudioClip(x, RATE);
    spans = new ArrayList<>();
    for (WindowPlan.Window w : WindowPlan.of(3).windows(seconds)) {
      int from = (int) Math.round(w.startSeconds() * RATE);
      int to = Math.min(x.length, (int) Math.round(w.endSeconds() * RATE));
      spans.add(new FeatureExtractor.Span(from, to - from));
    }
  }

  @Benchmark
  public List<FeatureVector> hourOfWindows() {
    return extractor.extractWindows(recording, spans);
  }
}
