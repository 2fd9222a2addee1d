package io.earshot.features;

import static io.earshot.features.AnalysisParameters.FRAME;
import static io.earshot.features.AnalysisParameters.HOP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
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

  /**
   * A range of frames is analysed as the whole pass analyses those frames, bit for bit, and the
   * frames outside it are not touched: a window's edge pieces rely on both.
   */
  @Test
  void aRangeOfFramesEqualsThoseFramesOfTheWholePass() {
    Random random = new Random(5);
    float[] x = new float[5000];
    for (int n = 0; n < x.length; n++) {
      x[n] = (float) (0.3 * Math.sin(n * 0.05) + 0.05 * random.nextGaussian());
    }
    Workspace whole = new Workspace(pass.contrastScratchSize());
    int frames = pass.framesWithCepstra(x, whole);
    Workspace part = new Workspace(pass.contrastScratchSize());
    part.ensureFrames(frames);
    Arrays.fill(part.centroid, -7f);
    Arrays.fill(part.mfcc, -7f);
    assertEquals(frames, pass.framesWithCepstra(x, part, 3, 7));
    for (int t = 0; t < frames; t++) {
      boolean inside = t >= 3 && t < 7;
      assertEquals(inside ? whole.centroid[t] : -7f, part.centroid[t], 0f, "centroid " + t);
      assertEquals(inside ? whole.rms[t] : 0f, part.rms[t], 0f, "rms " + t);
      float[] mfcc =
          Arrays.copyOfRange(
              part.mfcc, t * AnalysisParameters.MFCC, (t + 1) * AnalysisParameters.MFCC);
      if (inside) {
        assertArrayEquals(
            Arrays.copyOfRange(
                whole.mfcc, t * AnalysisParameters.MFCC, (t + 1) * AnalysisParameters.MFCC),
            mfcc,
            "mfcc " + t);
        assertArrayEquals(
            Arrays.copyOfRange(
                whole.contrast, t * pass.contrastBands(), (t + 1) * pass.contrastBands()),
            Arrays.copyOfRange(
                part.contrast, t * pass.contrastBands(), (t + 1) * pass.contrastBands()),
            "contrast " + t);
      } else {
        assertEquals(-7f, mfcc[0], 0f, "mfcc outside the range " + t);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> pass.frames(x, part, 5, 4));
    assertThrows(IllegalArgumentException.class, () -> pass.frames(x, part, 0, frames + 1));
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
