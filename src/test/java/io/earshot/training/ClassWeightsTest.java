package io.earshot.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ClassWeightsTest {

  @Test
  void balancedWeightsGiveEveryClassTheSameTotal() {
    double[] w = ClassWeights.of(new int[] {80, 20}, ClassWeighting.AUTO);
    assertArrayEquals(new double[] {100.0 / (2 * 80), 100.0 / (2 * 20)}, w, 1e-12);
  }

  @Test
  void autoLeavesNearlyBalancedClassesAlone() {
    assertNull(ClassWeights.of(new int[] {50, 40, 45}, ClassWeighting.AUTO));
    assertArrayEquals(
        new double[] {135.0 / 150, 135.0 / 120, 135.0 / 135},
        ClassWeights.of(new int[] {50, 40, 45}, ClassWeighting.BALANCED),
        1e-12);
    assertNull(ClassWeights.of(new int[] {90, 10}, ClassWeighting.NONE));
  }
}
