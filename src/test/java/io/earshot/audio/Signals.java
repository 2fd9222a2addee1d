package io.earshot.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Known-answer signals and measurements for the audio tests. */
final class Signals {

  private Signals() {}

  /** {@code channels} identical copies of a sine, interleaved. */
  static float[] sine(double hz, double amplitude, int rate, int frames, int channels) {
    float[] out = new float[frames * channels];
    for (int i = 0; i < frames; i++) {
      float v = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
      for (int c = 0; c < channels; c++) {
        out[i * channels + c] = v;
      }
    }
    return out;
  }

  static double rms(float[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) x[i] * x[i];
    }
    return Math.sqrt(sum / Math.max(1, to - from));
  }

  /** RMS without the first and last 10%, where filters and codecs ramp up and down. */
  static double middleRms(float[] x) {
    return rms(x, x.length / 10, x.length - x.length / 10);
  }

  /**
   * Frequency of a clean tone from its rising zero crossings (interpolated between samples), over
   * the middle 80% of the signal.
   */
  static double toneFrequency(float[] x, int rate) {
    double first = -1;
    double last = -1;
    int cycles = -1;
    for (int i = Math.max(1, x.length / 10); i < x.length - x.length / 10; i++) {
      if (x[i - 1] < 0 && x[i] >= 0) {
        double t = (i - 1) + x[i - 1] / (double) (x[i - 1] - x[i]);
        if (first < 0) {
          first = t;
        }
        last = t;
        cycles++;
      }
    }
    return cycles <= 0 ? 0 : cycles * rate / (last - first);
  }

  /** Magnitude of one frequency (as a sine amplitude) by the Goertzel algorithm. */
  static double goertzelAmplitude(float[] x, double hz, int rate) {
    double w = 2 * Math.PI * hz / rate;
    double coeff = 2 * Math.cos(w);
    double s1 = 0;
    double s2 = 0;
    for (float v : x) {
      double s0 = v + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    return 2 * Math.sqrt(Math.max(0, power)) / x.length;
  }

  static byte[] resource(String name) {
    try (InputStream in = Signals.class.getResourceAsStream("/audio/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /audio/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
