package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RealFftTest {

  @Test
  void powerSpectrumMatchesDirectDftForEveryStageLayout() {
    // from the smallest size (only the written-out first three stages) to twice the STFT frame
    for (int n = 16; n <= 4096; n *= 2) {
      assertMatchesDirectDft(n);
    }
  }

  private static void assertMatchesDirectDft(int n) {
    Random random = new Random(1);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) random.nextGaussian();
    }
    RealFft fft = new RealFft(n);
    float[] re = new float[n / 2];
    float[] im = new float[n / 2];
    for (int j = 0; j < n / 2; j++) {
      re[j] = x[2 * j];
      im[j] = x[2 * j + 1];
    }
    float[] power = new float[n / 2 + 1];
    fft.power(re, im, power);
    for (int k = 0; k <= n / 2; k++) {
      double sumRe = 0;
      double sumIm = 0;
      for (int t = 0; t < n; t++) {
        sumRe += x[t] * Math.cos(2 * Math.PI * k * t / n);
        sumIm -= x[t] * Math.sin(2 * Math.PI * k * t / n);
      }
      double expected = sumRe * sumRe + sumIm * sumIm;
      assertEquals(expected, power[k], 1e-3 * Math.max(1, expected), "n " + n + " bin " + k);
    }
  }

  @Test
  void rejectsSizesThatAreNotPowersOfTwo() {
    assertThrows(IllegalArgumentException.class, () -> new RealFft(1000));
  }
}
