package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Known answers for the statistics v3 adds, computed by hand. */
class StatsTest {

  @Test
  void meanAbsChangeIsTheAverageStepBetweenNeighbours() {
    assertEquals(1f, Stats.meanAbsChange(new float[] {0, 1, 0, 1}, 4), 1e-7);
    assertEquals(2f, Stats.meanAbsChange(new float[] {5, 3, 1, 99}, 3), 1e-7); // only the first 3
    assertEquals(0f, Stats.meanAbsChange(new float[] {7}, 1));
  }

  @Test
  void columnMeanAbsChangeReadsOneColumnOfTheRows() {
    float[] rows = {0, 10, 2, 10, 6, 13}; // two columns, three rows
    assertEquals(3f, Stats.columnMeanAbsChange(rows, 3, 2, 0), 1e-7); // 0, 2, 6
    assertEquals(1.5f, Stats.columnMeanAbsChange(rows, 3, 2, 1), 1e-7); // 10, 10, 13
  }

  @Test
  void skewIsTheThirdMomentOverTheCubedSpread() {
    // mean 1/4; m2 = 3/16; m3 = 3/32; skew = (3/32) / (3/16)^1.5 = 2 / sqrt(3)
    assertEquals(2 / Math.sqrt(3), Stats.skew(new float[] {0, 0, 0, 1}, 4), 1e-6);
    assertEquals(-2 / Math.sqrt(3), Stats.skew(new float[] {1, 1, 1, 0}, 4), 1e-6);
    assertEquals(0f, Stats.skew(new float[] {-1, 0, 1}, 3), 1e-7); // symmetric
    assertEquals(0f, Stats.skew(new float[] {0.3f, 0.3f, 0.3f}, 3)); // constant: 0, not NaN
    assertEquals(0f, Stats.skew(new float[] {2}, 1));
  }
}
