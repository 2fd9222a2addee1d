package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RealFftTest {

  @Test
  void powerSpectrumMatchesDirectDft() {
    for (int n = 16; n <= 4096; n *= 2) {
      float[] x = noise(n, n);
      float[] frame = x.clone();
      float[] power = new float[n / 2 + 1];
      new RealFft(n).power(frame, power);
      for (int k = 0; k <= n / 2; k++) {
        double[] bin = dft(x, k);
        double expected = bin[0] * bin[0] + bin[1] * bin[1];
        assertEquals(expected, power[k], 1e-3 * Math.max(1, expected), "n " + n + " bin " + k);
      }
    }
  }

  @Test
  void forwardUsesThePackedLayoutAndTheNegativeExponent() {
    int n = 64;
    float[] x = noise(n, 7);
    float[] a = x.clone();
    new RealFft(n).forward(a);
    assertEquals(dft(x, 0)[0], a[0], 1e-4);
    assertEquals(dft(x, n / 2)[0], a[1], 1e-4);
    for (int k = 1; k < n / 2; k++) {
      double[] bin = dft(x, k);
      assertEquals(bin[0], a[2 * k], 1e-4, "re " + k);
      assertEquals(bin[1], a[2 * k + 1], 1e-4, "im " + k);
    }
  }

  @Test
  void inverseUndoesForward() {
    int n = 1024;
    float[] x = noise(n, 3);
    float[] a = x.clone();
    RealFft fft = new RealFft(n);
    fft.forward(a);
    fft.inverse(a);
    for (int t = 0; t < n; t++) {
      assertEquals(x[t], a[t], 1e-5, "sample " + t);
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
