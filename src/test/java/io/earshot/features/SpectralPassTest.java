package io.earshot.features;

import static io.earshot.features.AnalysisParameters.FRAME;
import static io.earshot.features.AnalysisParameters.HOP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SpectralPassTest {

  private final SpectralPass pass = new SpectralPass(FeatureVersion.V2);

  /** Block-based RMS and zero-crossing rate equal a direct computation over each centred frame. */
  @Test
  void frameLevelsMatchDirectComputation() {
    Random random = new Random(3);
    for (int length : new int[] {1, 100, HOP, HOP + 1, FRAME, 3 * HOP, 5000, 22050}) {
      float[] x = new float[length];
      for (int n = 0; n < length; n++) {
        x[n] = (float) (random.nextGaussian() - 0.3);
      }
      Workspace ws = new Workspace(pass.contrastScratchSize());
      int frames = pass.run(x, ws);
      assertEquals(1 + length / HOP, frames);
      for (int t = 0; t < frames; t++) {
        int begin = t * HOP - FRAME / 2;
        double sumSquares = 0;
        int crossings = 0;
        for (int i = 0; i < FRAME; i++) {
          float v = at(x, begin + i);
          sumSquares += v * v;
          if (i > 0 && (v >= 0) != (at(x, begin + i - 1) >= 0)) {
            crossings++;
          }
        }
        assertEquals(
            Math.sqrt(sumSquares / FRAME),
            ws.rms[t],
            1e-5,
            "rms, length " + length + " frame " + t);
        assertEquals(
            (float) crossings / FRAME, ws.zcr[t], 1e-7, "zcr, length " + length + " frame " + t);
      }
    }
  }

  @Test
  void signChangesCountZerosOfEitherSignAsNonNegative() {
    float[] x = {1f, -0f, -1f, 0f, 2f, -3f, -4f, Float.MIN_VALUE, -Float.MIN_VALUE};
    // non-negative, non-negative, negative, non-negative, non-negative, negative, negative, ...
    assertEquals(5, SpectralPass.signChanges(x, 0, x.length));
    assertEquals(2, SpectralPass.signChanges(x, 1, 5));
    assertEquals(0, SpectralPass.signChanges(x, 3, 4));
  }

  private static float at(float[] x, int n) {
    return n >= 0 && n < x.length ? x[n] : 0f;
  }
}
