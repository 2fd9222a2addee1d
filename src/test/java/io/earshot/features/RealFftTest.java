package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both backends against a direct DFT, and against each other. */
class RealFftTest {

  @ParameterizedTest
  @EnumSource(RealFft.Backend.class)
  void powerSpectrumMatchesDirectDft(RealFft.Backend backend) {
    for (int n = 16; n <= 4096; n *= 2) {
      float[] x = noise(n, n);
      float[] frame = x.clone();
      float[] power = new float[n / 2 + 1];
      new RealFft(n, backend).power(frame, power);
      for (int k = 0; k <= n / 2; k++) {
        double[] bin = dft(x, k);
        double expected = bin[0] * bin[0] + bin[1] * bin[1];
        assertEquals(expected, power[k], 1e-3 * Math.max(1, expected), "n " + n + " bin " + k);
      }
      assertEquals(x[n / 3], frame[n / 3], 0f, "the frame is left as it was");
    }
  }

  @ParameterizedTest
  @EnumSource(RealFft.Backend.class)
  void forwardInterleavesTheBinsWithTheNegativeExponent(RealFft.Backend backend) {
    int n = 64;
    float[] x = noise(n, 7);
    float[] spectrum = new float[n + 2];
    new RealFft(n, backend).forward(x, spectrum);
    for (int k = 0; k <= n / 2; k++) {
      double[] bin = dft(x, k);
      assertEquals(bin[0], spectrum[2 * k], 1e-4, "re " + k);
      assertEquals(bin[1], spectrum[2 * k + 1], 1e-4, "im " + k);
    }
  }

  @ParameterizedTest
  @EnumSource(RealFft.Backend.class)
  void inverseUndoesForward(RealFft.Backend backend) {
    int n = 1024;
    float[] x = noise(n, 3);
    float[] spectrum = new float[n + 2];
    float[] back = new float[n];
    RealFft fft = new RealFft(n, backend);
    fft.forward(x, spectrum);
    float[] kept = spectrum.clone();
    fft.inverse(spectrum, back);
    for (int t = 0; t < n; t++) {
      assertEquals(x[t], back[t], 1e-5, "sample " + t);
    }
    assertEquals(kept[10], spectrum[10], 0f, "the spectrum is left as it was");
  }

  /**
   * The two backends differ by float rounding only: every bin's power within 1e-6 of the frame's
   * peak power, over frames of windowed tones and noise at the sizes features use.
   */
  @Test
  void backendsAgreeWithinFloatRounding() {
    for (int n : new int[] {1024, 2048}) {
      RealFft fftw = new RealFft(n, RealFft.Backend.FFTW);
      RealFft java = new RealFft(n, RealFft.Backend.JAVA);
      Random random = new Random(n);
      for (int trial = 0; trial < 50; trial++) {
        float[] x = new float[n];
        double hz = 50 + random.nextInt(8000);
        for (int t = 0; t < n; t++) {
          double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * t / n);
          x[t] = (float) (hann * (0.5 * Math.sin(hz * t / 3000.0) + 0.01 * random.nextGaussian()));
        }
        float[] a = new float[n / 2 + 1];
        float[] b = new float[n / 2 + 1];
        fftw.power(x.clone(), a);
        java.power(x.clone(), b);
        float peak = 0;
        for (float v : b) {
          peak = Math.max(peak, v);
        }
        for (int k = 0; k <= n / 2; k++) {
          assertEquals(b[k], a[k], 1e-6 * peak, "n " + n + " trial " + trial + " bin " + k);
        }
      }
    }
  }

  /** On the platforms whose native library is in the jar (this build's), FFTW is what runs. */
  @Test
  void fftwRunsWhereItsLibraryIsInTheJar() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    if (os.contains("linux") && List.of("amd64", "x86_64", "aarch64").contains(arch)) {
      assertEquals(RealFft.Backend.FFTW, RealFft.DEFAULT);
    }
  }

  @Test
  void rejectsSizesThatAreNotPowersOfTwo() {
    assertThrows(IllegalArgumentException.class, () -> new RealFft(1000));
    assertThrows(IllegalArgumentException.class, () -> new RealFft(8));
  }

  private static float[] noise(int n, long seed) {
    Random random = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  /** X[k] = sum x[t] exp(-2 pi i k t / n), as {re, im}. */
  private static double[] dft(float[] x, int k) {
    int n = x.length;
    double re = 0;
    double im = 0;
    for (int t = 0; t < n; t++) {
      re += x[t] * Math.cos(2 * Math.PI * k * t / n);
      im -= x[t] * Math.sin(2 * Math.PI * k * t / n);
    }
    return new double[] {re, im};
  }
}
