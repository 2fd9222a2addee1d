package io.earshot.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftReferenceTest {

  @Test
  void trainingValuesFillTheDecileBinsEvenly() {
    float[][] rows = new float[100][1];
    for (int i = 0; i < 100; i++) {
      rows[i][0] = i;
    }
    DriftReference reference = DriftReference.of(rows, 1);
    assertEquals(9, reference.edges()[0].length);
    assertEquals(9.9, reference.edges()[0][0], 1e-9);
    for (double share : reference.shares()[0]) {
      assertEquals(0.1, share, 1e-9);
    }
  }

  @Test
  void aConstantFeatureHasOneBinAndNoDrift() {
    float[][] rows = new float[50][1];
    DriftReference reference = DriftReference.of(rows, 1);
    assertArrayEquals(new double[] {0}, reference.edges()[0]);
    assertArrayEquals(new double[] {1, 0}, reference.shares()[0], 1e-12);
    assertEquals(0, reference.psi(new float[20][1])[0], 1e-12);
  }

  @Test
  void psiIsSmallForTheSameDistributionAndLargeForAShiftedOne() {
    Random random = new Random(1);
    DriftReference reference = DriftReference.of(gaussian(random, 2000, 0), 2);
    double[] same = reference.psi(gaussian(random, 1000, 0));
    double[] shifted = reference.psi(gaussian(random, 1000, 1));
    for (int f = 0; f < 2; f++) {
      assertTrue(same[f] < 0.05, "same distribution: " + same[f]);
      assertTrue(shifted[f] > 0.25, "one standard deviation off: " + shifted[f]);
    }
  }

  @Test
  void edgesAndSharesMustDescribeTheSameFeatures() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new DriftReference(new double[][] {{1}}, new double[][] {{1}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new DriftReference(new double[][] {{1}}, new double[][] {}));
  }

  private static float[][] gaussian(Random random, int n, double mean) {
    float[][] rows = new float[n][2];
    for (float[] row : rows) {
      row[0] = (float) (mean + random.nextGaussian());
      row[1] = (float) (10 * (mean + random.nextGaussian()));
    }
    return rows;
  }
}
