package io.earshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureShiftTest {

  @Test
  void shiftsAreInBetweenClipStandardDeviationsAndRankedLargestFirst() {
    // feature "a" spreads 1, 2, 3 (std 1) and moves +0.5 on every clip; "b" spreads 0, 10, 20
    // (std 10) and moves -1, +1, -1 (0.1 std each way).
    List<float[]> original = List.of(new float[] {0, 1}, new float[] {10, 2}, new float[] {20, 3});
    List<float[]> coded =
        List.of(new float[] {-1, 1.5f}, new float[] {11, 2.5f}, new float[] {19, 3.5f});

    List<FeatureShift> ranked = FeatureShift.rank(List.of("b", "a"), original, coded);

    FeatureShift a = ranked.get(0);
    assertEquals("a", a.feature());
    assertEquals(0.5, a.meanAbsolute(), 1e-9);
    assertEquals(0.5, a.medianAbsolute(), 1e-9);
    assertEquals(0.5, a.meanSigned(), 1e-9);
    assertEquals(1.0, a.spread(), 1e-9);
    FeatureShift b = ranked.get(1);
    assertEquals("b", b.feature());
    assertEquals(0.1, b.meanAbsolute(), 1e-9);
    assertEquals(-0.1 / 3, b.meanSigned(), 1e-9);
    assertEquals(10.0, b.spread(), 1e-9);
  }

  @Test
  void aConstantFeatureKeepsItsRawMove() {
    List<float[]> original = List.of(new float[] {4}, new float[] {4});
    List<float[]> coded = List.of(new float[] {4.25f}, new float[] {3.75f});

    FeatureShift only = FeatureShift.rank(List.of("flat"), original, coded).get(0);

    assertEquals(0.25, only.meanAbsolute(), 1e-9);
    assertEquals(0.0, only.meanSigned(), 1e-9);
  }

  @Test
  void refusesUnpairedClips() {
    List<float[]> two = List.of(new float[] {1}, new float[] {2});
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FeatureShift.rank(List.of("x"), two, List.of(new float[] {1})));
    assertEquals(
        "need the same clips, at least two, before and after the codec; got 2 and 1",
        e.getMessage());
  }
}
