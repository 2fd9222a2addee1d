package io.earshot.audio.mp3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generated straight-line transforms against their direct formulas, on random inputs. */
class FastTransformsTest {

  private static final double TOLERANCE = 2e-5;

  @Test
  void dct32IsTheStandardsMatrixing() {
    Random random = new Random(32);
    float[] in = new float[576];
    float[] first = new float[64];
    float[] second = new float[64];
    for (int trial = 0; trial < 50; trial++) {
      fill(in, random);
      int offset = trial % 18;
      int at = trial % 2 == 0 ? 0 : 32;
      FastTransforms.dct32(in, offset, first, second, at);
      for (int i = 0; i < 64; i++) {
        double v = 0;
        for (int k = 0; k < 32; k++) {
          v += Math.cos((16 + i) * (2 * k + 1) * Math.PI / 64) * in[offset + 18 * k];
        }
        float got = i < 32 ? first[at + i] : second[at + i - 32];
        assertEquals(v, got, TOLERANCE * 8, "V[" + i + "]");
      }
    }
  }

  @Test
  void dct4x18IsTheDctIv() {
    Random random = new Random(18);
    float[] in = new float[576];
    float[] out = new float[18];
    for (int trial = 0; trial < 50; trial++) {
      fill(in, random);
      int offset = 18 * (trial % 32);
      FastTransforms.dct4x18(in, offset, out);
      for (int k = 0; k < 18; k++) {
        double v = 0;
        for (int n = 0; n < 18; n++) {
          v += in[offset + n] * Math.cos(Math.PI / 72 * (2 * n + 1) * (2 * k + 1));
        }
        assertEquals(v, out[k], TOLERANCE * 4, "k = " + k);
      }
    }
  }

  @Test
  void dct4x6IsTheDctIvOfEveryThirdValue() {
    Random random = new Random(6);
    float[] in = new float[576];
    float[] out = new float[18];
    for (int trial = 0; trial < 50; trial++) {
      fill(in, random);
      int offset = 18 * (trial % 32) + trial % 3;
      FastTransforms.dct4x6(in, offset, out);
      for (int k = 0; k < 6; k++) {
        double v = 0;
        for (int n = 0; n < 6; n++) {
          v += in[offset + 3 * n] * Math.cos(Math.PI / 24 * (2 * n + 1) * (2 * k + 1));
        }
        assertEquals(v, out[k], TOLERANCE * 2, "k = " + k);
      }
    }
  }

  private static void fill(float[] x, Random random) {
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
  }
}
