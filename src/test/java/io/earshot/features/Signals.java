package io.earshot.features;

import java.util.Random;

/** Synthetic test signals with known properties. */
final class Signals {

  private Signals() {}

  static float[] sine(double hz, double amplitude, double seconds, int rate) {
    float[] x = new float[(int) Math.round(seconds * rate)];
    for (int n = 0; n < x.length; n++) {
      x[n] = (float) (amplitude * Math.sin(2 * Math.PI * hz * n / rate));
    }
    return x;
  }

  /**
   * Fundamental plus harmonics 2..count with amplitude 1/h, peak-normalised to {@code amplitude}.
   */
  static float[] harmonic(double hz, int count, double amplitude, double seconds, int rate) {
    double[] y = new double[(int) Math.round(seconds * rate)];
    double peak = 0;
    for (int n = 0; n < y.length; n++) {
      for (int h = 1; h <= count; h++) {
        y[n] += Math.sin(2 * Math.PI * hz * h * n / rate) / h;
      }
      peak = Math.max(peak, Math.abs(y[n]));
    }
    float[] x = new float[y.length];
    for (int n = 0; n < y.length; n++) {
      x[n] = (float) (amplitude * y[n] / peak);
    }
    return x;
  }

  static float[] whiteNoise(double amplitude, double seconds, int rate, long seed) {
    Random random = new Random(seed);
    float[] x = new float[(int) Math.round(seconds * rate)];
    for (int n = 0; n < x.length; n++) {
      x[n] = (float) (amplitude * (2 * random.nextDouble() - 1));
    }
    return x;
  }

  /** Short decaying noise bursts (10 ms) every 60/bpm seconds, first one at 0.1 s. */
  static float[] clickTrack(double bpm, double seconds, int rate) {
    float[] x = new float[(int) Math.round(seconds * rate)];
    Random random = new Random(7);
    int burst = rate / 100;
    for (double t = 0.1; t < seconds; t += 60.0 / bpm) {
      int start = (int) Math.round(t * rate);
      for (int n = 0; n < burst && start + n < x.length; n++) {
        x[start + n] = (float) (0.8 * (2 * random.nextDouble() - 1) * Math.exp(-5.0 * n / burst));
      }
    }
    return x;
  }

  /**
   * Halves the sample rate: windowed-sinc low-pass (cut-off at a quarter of the input rate,
   * Blackman window, 255 taps), then keeps every other sample.
   */
  static float[] decimateByTwo(float[] x) {
    int taps = 255;
    int middle = taps / 2;
    double[] h = new double[taps];
    double sum = 0;
    for (int i = 0; i < taps; i++) {
      int k = i - middle;
      double sinc = k == 0 ? 0.5 : Math.sin(Math.PI * k / 2) / (Math.PI * k);
      double window =
          0.42
              - 0.5 * Math.cos(2 * Math.PI * i / (taps - 1))
              + 0.08 * Math.cos(4 * Math.PI * i / (taps - 1));
      h[i] = sinc * window;
      sum += h[i];
    }
    float[] y = new float[x.length / 2];
    for (int m = 0; m < y.length; m++) {
      int centre = 2 * m;
      double acc = 0;
      for (int i = 0; i < taps; i++) {
        int n = centre + i - middle;
        if (n >= 0 && n < x.length) {
          acc += h[i] * x[n];
        }
      }
      y[m] = (float) (acc / sum);
    }
    return y;
  }
}
