package io.earshot.bench;

import io.earshot.audio.AudioClip;
import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureVector;
import io.earshot.features.ReferenceClips;
import io.earshot.features.SpectralAnalysis;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
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
 * Feature extraction of a 5-second clip (a voiced, vibrato-ish harmonic tone over noise, so pitch
 * tracking does real work). {@code spectralAnalysis} is the single STFT pass and everything derived
 * from it (mel, MFCC, deltas, shape, contrast, chroma, onset strength) without pitch; {@code
 * fullVector} is the complete v2 vector including YIN pitch and all clip statistics.
 *
 * <p>The machine is shared (2 cores, other builds running), so wall-clock samples are inflated
 * whenever another process holds the core. Each benchmark therefore also records the thread's CPU
 * time per call and prints its median after every iteration ("cpu ms/op"): the time the extractor
 * itself needed, whatever else was running.
 *
 * <p>Run: {@code ./mvnw -B -Pbench test-compile exec:exec -Dbench=FeatureExtraction
 * -Dbench.args="-f 1 -wi 3 -i 5 -t 1"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FeatureExtractionBenchmark {

  private final FeatureExtractor extractor = new FeatureExtractor();
  private AudioClip clip;

  @Setup
  public void makeClip() {
    clip = new AudioClip(ReferenceClips.vibratoTone(), AudioClip.ANALYSIS_RATE);
  }

  @Benchmark
  public FeatureVector fullVector(CpuClock cpu) {
    long start = cpu.now();
    FeatureVector v = extractor.extract(clip);
    cpu.record(start);
    return v;
  }

  @Benchmark
  public SpectralAnalysis spectralAnalysis(CpuClock cpu) {
    long start = cpu.now();
    SpectralAnalysis a = extractor.analyze(clip);
    cpu.record(start);
    return a;
  }

  /** Per-thread CPU time of each call; median printed at the end of each iteration. */
  @State(Scope.Thread)
  public static class CpuClock {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long[] nanos = new long[1 << 16];
    private int count;

    long now() {
      return threads.getCurrentThreadCpuTime();
    }

    void record(long start) {
      if (count < nanos.length) {
        nanos[count++] = threads.getCurrentThreadCpuTime() - start;
      }
    }

    @Setup(Level.Iteration)
    public void reset() {
      count = 0;
    }

    @TearDown(Level.Iteration)
    public void report() {
      if (count > 0) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        System.out.printf(
            "  cpu ms/op: median %.3f, p90 %.3f over %d calls%n",
            sorted[count / 2] / 1e6, sorted[(int) (count * 0.9)] / 1e6, count);
      }
    }
  }
}
