package io.earshot.pipeline.bench;

import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.audio.WavEncoder;
import io.earshot.features.FeatureExtractor;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one prediction costs before scoring: decode a 5-second 44.1 kHz MP3 (or the same audio as
 * 16-bit WAV), resample to 22,050 Hz and compute all 142 features, on one thread. Run: ./mvnw -B
 * -Pbench test-compile exec:exec -Dbench=PipelineBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineBenchmark {
  private AudioLoader loader;
  private FeatureExtractor extractor;
  private byte[] mp3;
  private byte[] wav;

  @Setup
  public void load() throws Exception {
    loader = new AudioLoader(AudioLimits.defaults());
    extractor = new FeatureExtractor();
    try (InputStream in = PipelineBenchmark.class.getResourceAsStream("/audio/bench/clip5s.mp3")) {
      mp3 = in.readAllBytes();
    }
    var decoded = loader.decode(mp3);
    wav = WavEncoder.pcm16(decoded.samples(), decoded.sampleRate(), 1);
  }

  @Benchmark
  public Object mp3DecodeAndAllFeatures() throws Exception {
    return extractor.extract(loader.load(mp3));
  }

  @Benchmark
  public Object wavDecodeAndAllFeatures() throws Exception {
    return extractor.extract(loader.load(wav));
  }

  @Benchmark
  public Object mp3DecodeOnly() throws Exception {
    return loader.decode(mp3);
  }
}
