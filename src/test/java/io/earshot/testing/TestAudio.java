package io.earshot.testing;

import io.earshot.audio.AudioClip;
import io.earshot.audio.WavEncoder;
import java.util.Random;

/** Clips with a known character, as WAV bytes or analysis-rate clips, for service-level tests. */
public final class TestAudio {
  public static final int RATE = AudioClip.ANALYSIS_RATE;

  private TestAudio() {}

  /** A harmonic tone with a little vibrato and noise, so no two clips are identical. */
  public static float[] tone(double hz, double seconds, long seed) {
    Random random = new Random(seed);
    int n = (int) (seconds * RATE);
    float[] out = new float[n];
    double vibrato = 2 + random.nextDouble() * 3;
    double phase = 0;
    for (int i = 0; i < n; i++) {
      double f = hz * (1 + 0.01 * Math.sin(2 * Math.PI * vibrato * i / RATE));
      phase += 2 * Math.PI * f / RATE;
      out[i] =
          (float)
              (0.4 * Math.sin(phase) + 0.15 * Math.sin(2 * phase) + 0.02 * random.nextGaussian());
    }
    return out;
  }

  public static float[] noise(double seconds, long seed) {
    Random random = new Random(seed);
    float[] out = new float[(int) (seconds * RATE)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (0.2 * random.nextGaussian());
    }
    return out;
  }

  public static byte[] wav(float[] samples) {
    return WavEncoder.pcm16(samples, RATE, 1);
  }

  public static AudioClip clip(float[] samples) {
    return new AudioClip(samples, RATE);
  }
}
