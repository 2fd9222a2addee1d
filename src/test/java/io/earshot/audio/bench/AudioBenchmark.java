package io.earshot.audio.bench;

import io.earshot.audio.AudioClip;
import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.audio.Resampler;
import io.earshot.audio.WavEncoder;
import java.io.IOException;
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
 * Cost of getting an upload to the analysis rate. {@code ./mvnw -B -Pbench test-compile exec:exec
 * -Dbench=AudioBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AudioBenchmark {

  private final AudioLoader loader = new AudioLoader(AudioLimits.defaults());
  private byte[] wav10sStereo44k;
  private byte[] mp3OneSecond;
  private float[] mono10s48k;
  private float[] mono10s16k;

  @Setup
  public void setUp() throws IOException {
    int rate = 44_100;
    float[] stereo = new float[rate * 10 * 2];
    for (int i = 0; i < stereo.length; i++) {
      int frame = i / 2; // both channels of a frame carry the same sample
      stereo[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * frame / rate));
    }
    wav10sStereo44k = WavEncoder.pcm16(stereo, rate, 2);
    mono10s48k = new float[48_000 * 10];
    for (int i = 0; i < mono10s48k.length; i++) {
      mono10s48k[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 48_000.0));
    }
    mono10s16k = new float[16_000 * 10];
    for (int i = 0; i < mono10s16k.length; i++) {
      mono10s16k[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
    }
    try (InputStream in = getClass().getResourceAsStream("/audio/tone440-44100-stereo.mp3")) {
      mp3OneSecond = in.readAllBytes();
    }
  }

  /** Ten seconds of 44.1 kHz stereo WAV: parse, mix, resample. */
  @Benchmark
  public AudioClip loadWav10s() throws AudioDecodeException {
    return loader.load(wav10sStereo44k);
  }

  /** One second of 64 kbit/s stereo MP3: decode, mix, resample. */
  @Benchmark
  public AudioClip loadMp31s() throws AudioDecodeException {
    return loader.load(mp3OneSecond);
  }

  /** Ten seconds of 48 kHz mono to 22.05 kHz (the 147/320 polyphase case). */
  @Benchmark
  public float[] resample48kTo22k10s() {
    return Resampler.resample(mono10s48k, 48_000, AudioClip.ANALYSIS_RATE);
  }

  /** Ten seconds of 16 kHz mono to 22.05 kHz (441/320, upsampling: the longer kernel). */
  @Benchmark
  public float[] resample16kTo22k10s() {
    return Resampler.resample(mono10s16k, 16_000, AudioClip.ANALYSIS_RATE);
  }
}
