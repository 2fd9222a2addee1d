package io.earshot.features;

import io.earshot.audio.AudioClip;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A fixed set of clips at 22 050 Hz whose feature vectors are frozen in {@code
 * features/golden-vectors.csv} (see {@link GoldenVectorsTest}): the benchmark's vibrato tone,
 * textbook signals, and imitations of the demo data set's classes (speech, siren, engine, gunshot,
 * bird, background), plus the edge lengths. Everything comes from seeded generators and double
 * arithmetic rounded to float once; a JVM whose {@code Math.sin} differs in the last place of a
 * double still gives the same floats nearly everywhere.
 *
 * <p>Every clip that is not silence carries a noise floor at least 80 dB under its peak across the
 * whole band, as any recording does. Without one, the valley of an empty contrast band is the FFT's
 * own rounding noise (around 1e-7 of the peak) and its contrast is not a property of the signal.
 */
public final class ReferenceClips {

  static final int RATE = AudioClip.ANALYSIS_RATE;

  private ReferenceClips() {}

  /** Name to samples, in a fixed order. */
  static Map<String, float[]> all() {
    Map<String, float[]> clips = new LinkedHashMap<>();
    clips.put("vibrato_tone_5s", vibratoTone());
    clips.put("white_noise_2s", noise(2.0, 0.3, 1));
    clips.put("click_track_120bpm_4s", withFloor(Signals.clickTrack(120, 4.0, RATE), 2));
    clips.put("glide_200_800hz_3s", glide());
    clips.put("speech_like_3s", speechLike());
    clips.put("siren_3s", siren());
    clips.put("engine_3s", engine());
    clips.put("gunshot_2s", gunshot());
    clips.put("bird_2500ms", bird());
    clips.put("background_3s", background());
    clips.put("quiet_noise_1s", noise(1.0, 3e-4, 9));
    clips.put("one_sample", new float[] {0.25f});
    clips.put("short_700", noise(700.0 / RATE, 0.2, 10));
    clips.put("one_frame_2048", withFloor(Signals.sine(1000, 0.5, 2048.0 / RATE, RATE), 11));
    clips.put("silence_1s", new float[RATE]);
    return clips;
  }

  /** The clip of {@code FeatureExtractionBenchmark}. */
  public static float[] vibratoTone() {
    float[] x = new float[5 * RATE];
    Random random = new Random(42);
    double phase = 0;
    for (int n = 0; n < x.length; n++) {
      double hz = 220 * Math.pow(2, 0.5 / 12 * Math.sin(2 * Math.PI * 5.5 * n / RATE));
      phase += 2 * Math.PI * hz / RATE;
      double tone = 0;
      for (int h = 1; h <= 6; h++) {
        tone += Math.sin(h * phase) / h;
      }
      x[n] = (float) (0.3 * tone + 0.02 * random.nextGaussian());
    }
    return x;
  }

  private static float[] noise(double seconds, double amplitude, long seed) {
    return Signals.whiteNoise(amplitude, seconds, RATE, seed);
  }

  /** Adds white noise 80 dB under full scale. */
  private static float[] withFloor(float[] x, long seed) {
    double[] y = new double[x.length];
    for (int n = 0; n < x.length; n++) {
      y[n] = x[n];
    }
    return floored(y, seed);
  }

  private static float[] glide() {
    double[] y = new double[3 * RATE];
    double phase = 0;
    for (int n = 0; n < y.length; n++) {
      double hz = 200 * Math.pow(4, (double) n / y.length);
      phase += 2 * Math.PI * hz / RATE;
      y[n] = 0.4 * (Math.sin(phase) + 0.3 * Math.sin(2 * phase));
    }
    return floored(y, 3);
  }

  /**
   * A voice: a jittered glottal pulse train at about 120 Hz through three formant resonators that
   * move from vowel to vowel, four syllables a second, with breath noise between them.
   */
  private static float[] speechLike() {
    Random random = new Random(4);
    double[] y = new double[3 * RATE];
    double[][] vowels = {{700, 1200, 2600}, {300, 2300, 3000}, {500, 900, 2400}, {400, 1900, 2500}};
    double[] state = new double[6];
    double nextPulse = 0;
    for (int n = 0; n < y.length; n++) {
      double t = (double) n / RATE;
      int syllable = (int) (t * 4);
      double within = t * 4 - syllable;
      double envelope = within < 0.7 ? Math.sin(Math.PI * within / 0.7) : 0;
      double source = 0.02 * random.nextGaussian();
      if (n >= nextPulse) {
        source += envelope;
        double f0 =
            120 * (1 + 0.1 * Math.sin(2 * Math.PI * 0.7 * t)) * (1 + 0.01 * random.nextGaussian());
        nextPulse += RATE / f0;
      }
      double[] formants = vowels[syllable % vowels.length];
      double out = 0;
      for (int f = 0; f < 3; f++) {
        out += resonate(state, 2 * f, source, formants[f], 80 + 40 * f);
      }
      y[n] = out;
    }
    return floored(normalised(y, 0.5), 5);
  }

  /** One step of a two-pole resonator at {@code hz} with bandwidth {@code bandwidthHz}. */
  private static double resonate(
      double[] state, int at, double input, double hz, double bandwidthHz) {
    double r = Math.exp(-Math.PI * bandwidthHz / RATE);
    double out =
        input * (1 - r)
            + 2 * r * Math.cos(2 * Math.PI * hz / RATE) * state[at]
            - r * r * state[at + 1];
    state[at + 1] = state[at];
    state[at] = out;
    return out;
  }

  /** A two-tone siren sweeping 600 to 1200 Hz twice a second, harmonics included. */
  private static float[] siren() {
    double[] y = new double[3 * RATE];
    double phase = 0;
    for (int n = 0; n < y.length; n++) {
      double hz = 900 + 300 * Math.sin(2 * Math.PI * 2 * n / RATE);
      phase += 2 * Math.PI * hz / RATE;
      y[n] = Math.sin(phase) + 0.4 * Math.sin(2 * phase) + 0.2 * Math.sin(3 * phase);
    }
    return floored(normalised(y, 0.6), 6);
  }

  /** An idling engine: 35 Hz firing harmonics with a slow wobble over brown noise. */
  private static float[] engine() {
    Random random = new Random(7);
    double[] y = new double[3 * RATE];
    double brown = 0;
    double phase = 0;
    for (int n = 0; n < y.length; n++) {
      phase += 2 * Math.PI * 35 * (1 + 0.03 * Math.sin(2 * Math.PI * 0.5 * n / RATE)) / RATE;
      double tone = 0;
      for (int h = 1; h <= 12; h++) {
        tone += Math.sin(h * phase + h) / Math.sqrt(h);
      }
      brown = 0.995 * brown + 0.05 * random.nextGaussian();
      y[n] = tone + 2 * brown;
    }
    return floored(normalised(y, 0.5), 8);
  }

  /** A shot: a sharp broadband burst at 0.6 s that decays over 150 ms, in quiet background. */
  private static float[] gunshot() {
    Random random = new Random(12);
    double[] y = new double[2 * RATE];
    int at = (int) (0.6 * RATE);
    for (int n = 0; n < y.length; n++) {
      y[n] = 0.003 * random.nextGaussian();
      if (n >= at) {
        double age = (double) (n - at) / RATE;
        y[n] +=
            0.9 * Math.exp(-age / 0.03) * random.nextGaussian()
                + 0.3 * Math.exp(-age / 0.15) * Math.sin(2 * Math.PI * 180 * age);
      }
    }
    return floored(y, 13);
  }

  /** Bird song: down-chirps from 6 to 3 kHz, 80 ms each, in bursts, over faint wind. */
  private static float[] bird() {
    Random random = new Random(14);
    double[] y = new double[(int) (2.5 * RATE)];
    double phase = 0;
    for (int n = 0; n < y.length; n++) {
      double t = (double) n / RATE;
      double inChirp = (t % 0.15) / 0.08;
      double hz = 6000 - 3000 * Math.min(1, inChirp);
      phase += 2 * Math.PI * hz / RATE;
      double envelope = inChirp < 1 && (int) (t / 0.6) % 2 == 0 ? Math.sin(Math.PI * inChirp) : 0;
      y[n] = 0.5 * envelope * Math.sin(phase) + 0.01 * random.nextGaussian();
    }
    return floored(y, 15);
  }

  /** Background: pink-ish noise (three first-order low-passes summed) at a low level. */
  private static float[] background() {
    Random random = new Random(16);
    double[] y = new double[3 * RATE];
    double a = 0;
    double b = 0;
    double c = 0;
    for (int n = 0; n < y.length; n++) {
      double white = random.nextGaussian();
      a = 0.99 * a + 0.1 * white;
      b = 0.9 * b + 0.3 * white;
      c = 0.5 * c + 0.5 * white;
      y[n] = 0.02 * (a + b + c);
    }
    return floored(y, 17);
  }

  private static double[] normalised(double[] y, double peak) {
    double max = 0;
    for (double v : y) {
      max = Math.max(max, Math.abs(v));
    }
    double[] out = new double[y.length];
    for (int n = 0; n < y.length; n++) {
      out[n] = y[n] * peak / max;
    }
    return out;
  }

  /** To float, with white noise 80 dB under full scale added. */
  private static float[] floored(double[] y, long seed) {
    Random random = new Random(seed);
    float[] x = new float[y.length];
    for (int n = 0; n < y.length; n++) {
      x[n] = (float) (y[n] + 1e-4 * random.nextGaussian());
    }
    return x;
  }
}
