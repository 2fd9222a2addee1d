package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Block by block, the resampler gives exactly the whole signal's samples, however it is cut. */
class StreamingResamplerTest {

  @ParameterizedTest(name = "{0} Hz -> {1} Hz, {2} samples")
  @CsvSource({
    // the common rates to the analysis rate, exact halving, upsampling, a rounded-phase pair,
    // and lengths shorter than a kernel
    "8000, 22050, 40000",
    "11025, 22050, 30001",
    "16000, 22050, 50000",
    "22050, 22050, 30000",
    "32000, 22050, 64001",
    "44100, 22050, 90001",
    "44100, 22050, 90000",
    "48000, 22050, 96000",
    "96000, 22050, 150000",
    "37013, 22050, 70000",
    "22050, 44100, 20000",
    "48000, 22050, 7",
    "44100, 22050, 51",
    "8000, 22050, 1"
  })
  void outputsExactlyWhatTheWholeSignalGives(int from, int to, int length) {
    float[] signal = noise(length, from);
    float[] whole = Resampler.resample(signal, from, to);
    for (long seed = 1; seed <= 3; seed++) {
      assertArrayEquals(whole, streamed(signal, from, to, new Random(seed)), "seed " + seed);
    }
  }

  @org.junit.jupiter.api.Test
  void nothingCanBePushedAfterTheEnd() {
    StreamingResampler resampler = new StreamingResampler(48000, 22050);
    resampler.finish();
    assertTrue(resampler.drained());
    assertThrows(IllegalStateException.class, () -> resampler.push(new float[4], 0, 4));
    assertThrows(IllegalArgumentException.class, () -> new StreamingResampler(0, 22050));
  }

  /** Pushed in blocks of random sizes (one sample up to a few kernels), drained in others. */
  private static float[] streamed(float[] signal, int from, int to, Random random) {
    StreamingResampler resampler = new StreamingResampler(from, to);
    float[] out = new float[signal.length * (to / from + 2) + 16];
    int produced = 0;
    int pushed = 0;
    while (!resampler.drained()) {
      if (pushed < signal.length) {
        int count = Math.min(signal.length - pushed, 1 + random.nextInt(3000));
        resampler.push(signal, pushed, count);
        pushed += count;
      } else {
        resampler.finish();
      }
      int drained;
      do {
        drained = resampler.drain(out, produced, 1 + random.nextInt(2000));
        produced += drained;
      } while (drained > 0);
    }
    assertEquals(0, resampler.drain(out, produced, 10));
    return Arrays.copyOf(out, produced);
  }

  private static float[] noise(int length, long seed) {
    Random random = new Random(seed);
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      x[i] = (float) (0.3 * random.nextGaussian() + 0.4 * Math.sin(i * 0.01));
    }
    return x;
  }
}
