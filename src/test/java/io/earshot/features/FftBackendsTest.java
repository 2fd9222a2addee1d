package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioClip;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The current version's features on FFTW and on TarsosDSP's FFT, over clips unlike the reference
 * ones (noise, chords over noise, chirps, sounds between silences): equal within float rounding as
 * {@link GoldenVectorsTest} defines it, but for the roll-off. Roll-off is a bin's frequency: where
 * a frame's cumulative magnitude lands within rounding of 85 %, either FFT may name the next bin,
 * so its mean and spread may move by up to one bin width (10.8 Hz), and no further.
 *
 * <p>Every tone here has a noise floor 74 dB under it, as recorded sound always has. A pure tone in
 * exact digital silence has none: its spectrum away from the tone is the FFT's own rounding noise,
 * about 1e-7 of the peak, and that noise, kilohertz away, is most of the tone's spectral bandwidth,
 * which then differs between FFTs by some 1e-3 of itself.
 */
class FftBackendsTest {

  private static final int RATE = AudioClip.ANALYSIS_RATE;
  private static final double BIN_HZ = (double) RATE / AnalysisParameters.FRAME;

  /** Noise under the tones: 74 dB under a 0.5 amplitude sine. */
  private static final double FLOOR = 1e-4;

  @Test
  void fftwAndTarsosGiveTheSameFeaturesWithinRounding() {
    FeatureExtractor fftw = new FeatureExtractor(FeatureVersion.CURRENT, RealFft.Backend.FFTW);
    FeatureExtractor java = new FeatureExtractor(FeatureVersion.CURRENT, RealFft.Backend.JAVA);
    List<String> names = fftw.schema().names();
    List<String> off = new ArrayList<>();
    int compared = 0;
    for (Map.Entry<String, float[]> clip : clips().entrySet()) {
      float[] a = fftw.extract(new AudioClip(clip.getValue(), RATE)).values();
      float[] b = java.extract(new AudioClip(clip.getValue(), RATE)).values();
      for (int i = 0; i < a.length; i++) {
        String name = names.get(i);
        boolean close =
            name.startsWith("spectral_rolloff")
                ? Math.abs(a[i] - b[i]) <= BIN_HZ
                : GoldenVectorsTest.withinRounding(name, b[i], a[i]);
        if (!close) {
          off.add(clip.getKey() + " " + name + ": " + b[i] + " -> " + a[i]);
        }
        compared++;
      }
    }
    assertEquals(6 * names.size(), compared);
    assertTrue(off.isEmpty(), off.size() + " values apart:\n" + String.join("\n", off));
  }

  private static Map<String, float[]> clips() {
    Random random = new Random(17);
    Map<String, float[]> clips = new LinkedHashMap<>();
    clips.put("white_noise", noise(random, 3 * RATE, 0.3));
    float[] chord = noise(random, 4 * RATE, 0.01);
    for (int n = 0; n < chord.length; n++) {
      for (double hz : new double[] {261.6, 329.6, 392.0}) {
        chord[n] += (float) (0.2 * Math.sin(2 * Math.PI * hz * n / RATE));
      }
    }
    clips.put("chord_over_noise", chord);
    float[] chirp = noise(random, 3 * RATE, FLOOR);
    for (int n = 0; n < chirp.length; n++) {
      double t = (double) n / RATE;
      chirp[n] += (float) (0.5 * Math.sin(2 * Math.PI * (300 * t + 600 * t * t)));
    }
    clips.put("chirp_300_3900hz", chirp);
    float[] gaps = noise(random, 5 * RATE, FLOOR);
    for (int n = 0; n < gaps.length; n++) {
      boolean on = (n / (RATE / 2)) % 2 == 0;
      gaps[n] += on ? (float) (0.4 * Math.sin(2 * Math.PI * 880 * n / RATE)) : 0f;
    }
    clips.put("tone_bursts_between_faint_noise", gaps);
    clips.put("quiet_noise", noise(random, 2 * RATE, 1e-3));
    float[] hum = noise(random, 3 * RATE, 0.002);
    for (int n = 0; n < hum.length; n++) {
      hum[n] += (float) (0.3 * Math.sin(2 * Math.PI * 60 * n / RATE));
    }
    clips.put("mains_hum", hum);
    return clips;
  }

  private static float[] noise(Random random, int samples, double amplitude) {
    float[] x = new float[samples];
    for (int n = 0; n < samples; n++) {
      x[n] = (float) (amplitude * random.nextGaussian());
    }
    return x;
  }
}
