package io.earshot.testing;

import io.earshot.audio.AudioClip;
import io.earshot.audio.WavEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * Six one-second training clips for each of the test models' classes (low tones, high tones,
   * noise), as WAV bytes by label: what service tests upload before a retrain.
   */
  public static Map<String, List<byte[]>> trainingClips() {
    Map<String, List<byte[]>> clips = new LinkedHashMap<>();
    for (String label : List.of("low", "high", "noise")) {
      List<byte[]> wavs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        float[] audio =
            switch (label) {
              case "low" -> tone(200 + 15 * i, 1.0, 500 + i);
              case "high" -> tone(2000 + 50 * i, 1.0, 600 + i);
              default -> noise(1.0, 700 + i);
            };
        wavs.add(wav(audio));
      }
      clips.put(label, wavs);
    }
    return clips;
  }

  public static byte[] wav(float[] samples) {
    return WavEncoder.pcm16(samples, RATE, 1);
  }

  public static AudioClip clip(float[] samples) {
    return new AudioClip(samples, RATE);
  }
}
