package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.tarsos.dsp.pitch.FastYin;
import be.tarsos.dsp.pitch.PitchDetectionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Yin} must compute TarsosDSP FastYin's pitch (the schema's {@code pitch_algorithm}): both
 * run on the same frames of tones, sung-like vibrato, pulse trains, noisy mixtures and noise.
 */
class YinTest {

  private static final int RATE = AnalysisParameters.SAMPLE_RATE;
  private static final int N = AnalysisParameters.PITCH_FRAME;

  /**
   * Frame by frame: the same voicing and the same f0 up to float rounding. The one allowed
   * difference is a frame FastYin rejects because rounding took d below zero at a near-exact
   * period; there Yin must be voiced at a lag where YIN computed exactly (in double) is under the
   * threshold.
   */
  @ParameterizedTest
  @EnumSource(RealFft.Backend.class)
  void agreesWithTarsosFastYinFrameByFrame(RealFft.Backend fft) {
    Yin yin = new Yin(RATE, N, AnalysisParameters.YIN_THRESHOLD, fft);
    FastYin reference = new FastYin(RATE, N, AnalysisParameters.YIN_THRESHOLD);
    int frames = 0;
    int voiced = 0;
    int rejectedByRounding = 0;
    double worstRelative = 0;
    for (float[] frame : frames()) {
      PitchDetectionResult expected = reference.getPitch(frame);
      float actual = yin.pitch(frame);
      frames++;
      if (expected.isPitched()) {
        voiced++;
        assertTrue(actual > 0, "frame " + frames + " is voiced for FastYin");
        double relative = Math.abs(actual - expected.getPitch()) / expected.getPitch();
        worstRelative = Math.max(worstRelative, relative);
      } else if (actual > 0) {
        rejectedByRounding++;
        int lag = Math.round(RATE / actual);
        assertTrue(
            exactNormalizedDifference(frame, lag) < AnalysisParameters.YIN_THRESHOLD,
            "frame " + frames + " is voiced at lag " + lag + " only for Yin");
      } else {
        assertEquals(-1f, actual);
      }
    }
    System.out.printf(
        "Yin vs FastYin: %d frames, %d voiced, %d rejected by FastYin's rounding only,"
            + " worst f0 difference %.2e%n",
        frames, voiced, rejectedByRounding, worstRelative);
    assertTrue(voiced > 250 && frames - voiced > 250, "the frames exercise both outcomes");
    assertTrue(rejectedByRounding <= 10, rejectedByRounding + " frames voiced only for Yin");
    // both work in float; only rounding may differ
    assertTrue(worstRelative < 1e-5, "worst relative f0 difference " + worstRelative);
  }

  /** YIN's d'(lag) computed directly in double: d(τ) = Σ_{j<n/2} (x[j] − x[j+τ])². */
  private static double exactNormalizedDifference(float[] x, int lag) {
    double sum = 0;
    double d = 0;
    for (int tau = 1; tau <= lag; tau++) {
      d = 0;
      for (int j = 0; j < N / 2; j++) {
        double diff = (double) x[j] - x[j + tau];
        d += diff * diff;
      }
      sum += d;
    }
    return d * lag / sum;
  }

  private static List<float[]> frames() {
    Random random = new Random(11);
    List<float[]> frames = new ArrayList<>();
    // 30-42 Hz: periods past the last lag, so the dip runs into the end of the lag range
    for (double hz : new double[] {30, 36, 42, 55, 82.4, 110, 196, 261.6, 440, 880, 1318.5, 1760}) {
      for (int i = 0; i < 20; i++) {
        frames.add(tone(hz, random.nextDouble() * 0.9 + 0.01, 0, random));
      }
    }
    for (double snrAmplitude : new double[] {0.05, 0.2, 0.5, 1.0, 2.0}) {
      for (int i = 0; i < 60; i++) {
        frames.add(tone(80 + random.nextDouble() * 800, 0.3, 0.3 * snrAmplitude, random));
      }
    }
    for (int i = 0; i < 100; i++) {
      frames.add(pulses(70 + random.nextDouble() * 300, random));
    }
    for (int i = 0; i < 100; i++) {
      frames.add(noise(Math.pow(10, -random.nextDouble() * 3), random));
    }
    return frames;
  }

  /**
   * At an exact period d is zero but for rounding, which may leave it just below zero; FastYin then
   * calls the frame unvoiced, Yin clamps d and finds the period.
   */
  @Test
  void exactlyPeriodicFramesAreVoicedAtTheirPeriod() {
    Yin yin = new Yin(RATE, N, AnalysisParameters.YIN_THRESHOLD, RealFft.DEFAULT);
    Random random = new Random(5);
    for (int period = 40; period < 500; period += 23) {
      float[] frame = repeated(noise(1, random), period);
      assertEquals(
          (double) RATE / period, yin.pitch(frame), 1e-3 * RATE / period, "period " + period);
    }
  }

  /** Six harmonics with 1/h amplitudes, 5.5 Hz vibrato of random depth, Gaussian noise. */
  private static float[] tone(double hz, double amplitude, double noise, Random random) {
    float[] x = new float[N];
    double depth = random.nextDouble() * 0.5;
    double phase = random.nextDouble() * 2 * Math.PI;
    int start = random.nextInt(RATE);
    for (int n = 0; n < N; n++) {
      double f = hz * Math.pow(2, depth / 12 * Math.sin(2 * Math.PI * 5.5 * (start + n) / RATE));
      phase += 2 * Math.PI * f / RATE;
      double v = 0;
      for (int h = 1; h <= 6; h++) {
        v += Math.sin(h * phase) / h;
      }
      x[n] = (float) (amplitude * v / 2 + noise * random.nextGaussian());
    }
    return x;
  }

  /** A glottis-like pulse train through one decaying resonance, a crude voiced vowel. */
  private static float[] pulses(double hz, Random random) {
    float[] x = new float[N];
    double formant = 500 + random.nextDouble() * 1500;
    double decay = Math.exp(-2 * Math.PI * 80 / RATE);
    double c = 2 * decay * Math.cos(2 * Math.PI * formant / RATE);
    double y1 = 0;
    double y2 = 0;
    double period = RATE / hz;
    double next = random.nextDouble() * period;
    for (int n = 0; n < N; n++) {
      double in = 0;
      if (n >= next) {
        in = 1;
        next += period;
      }
      double y = in + c * y1 - decay * decay * y2;
      y2 = y1;
      y1 = y;
      x[n] = (float) (0.05 * y + 0.002 * random.nextGaussian());
    }
    return x;
  }

  /** The first {@code period} samples of x, repeated over the frame. */
  private static float[] repeated(float[] x, int period) {
    float[] y = new float[N];
    for (int n = 0; n < N; n++) {
      y[n] = 0.1f * x[n % period];
    }
    return y;
  }

  private static float[] noise(double amplitude, Random random) {
    float[] x = new float[N];
    for (int n = 0; n < N; n++) {
      x[n] = (float) (amplitude * random.nextGaussian());
    }
    return x;
  }
}
