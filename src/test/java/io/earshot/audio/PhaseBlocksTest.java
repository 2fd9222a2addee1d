package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The phase-blocked resampler against the one-output filter it replaced ({@link Resampler#output},
 * still used at the edges and by streams): the same samples, bit for bit, for short inputs, inputs
 * shorter than the kernel and inputs spanning several blocks.
 */
class PhaseBlocksTest {

  @ParameterizedTest(name = "{0} Hz -> {1} Hz, {2} samples")
  @CsvSource({
    "16000,22050,48000",
    "16000,22050,200000",
    "8000,22050,12345",
    "48000,22050,96001",
    "32000,22050,70000",
    "96000,22050,50000",
    "22050,44100,30000",
    "11025,22050,9999",
    "16000,22050,100",
    "16000,22050,71",
    "48000,22050,5",
    "16000,22050,0"
  })
  void givesTheOneOutputFilterSamplesBitForBit(int from, int to, int length) {
    float[] in = noise(length, from * 31L + length);
    Resampler.Kernel kernel = Resampler.kernel(from, to);

    float[] out = Resampler.resample(in, from, to);

    assertEquals((long) length * to / from, out.length);
    for (int i = 0; i < out.length; i++) {
      int n = i;
      float expected = Resampler.output(kernel, from, to, n, in, 0, in.length);
      assertEquals(
          Float.floatToRawIntBits(expected),
          Float.floatToRawIntBits(out[n]),
          () -> "output " + n + " of " + out.length);
    }
  }

  private static float[] noise(int length, long seed) {
    Random random = new Random(seed);
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      x[i] = (float) (0.3 * random.nextGaussian());
    }
    return x;
  }
}
