package io.earshot.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoveltyModelTest {
  /** Two classes over three features; class "b" is spread twice as wide on the first feature. */
  private static final float[][] MEANS = {{0, 0, 0}, {10, 10, 10}};

  private static final float[][] INVERSE_SPREADS = {{1, 1, 1}, {0.5f, 1, 1}};
  private static final double[] REFERENCE = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

  private final NoveltyModel model =
      new NoveltyModel(MEANS, INVERSE_SPREADS, 2, REFERENCE, 0.9, 2.0, 0.99, Double.NaN);

  @Test
  void distanceIsTheMeanOfTheLargestDeviationsFromTheGivenClass() {
    assertEquals((3 + 1) / 2.0, model.distance(new float[] {3, -1, 0.5f}, 0), 1e-6);
    // to the second class: deviations 4 * 0.5, 1, 0 -> (2 + 1) / 2
    assertEquals(1.5, model.distance(new float[] {6, 9, 10}, 1), 1e-6);
    // the same clip measured to the first class is far: (10 + 9 + 6) -> (10 + 9) / 2
    assertEquals(9.5, model.distance(new float[] {6, 9, 10}, 0), 1e-6);
    assertEquals(0, model.distance(new float[] {0, 0, 0}, 0), 0);
  }

  @Test
  void noveltyIsWhereTheDistanceFallsAmongTheReferenceDistances() {
    assertEquals(0, model.novelty(-1), 0);
    assertEquals(0, model.novelty(0), 0);
    assertEquals(0.5, model.novelty(5), 1e-12);
    assertEquals(0.25, model.novelty(2.5), 1e-12);
    assertEquals(0.9, model.novelty(9), 1e-12);
    assertEquals(9, model.tailStart(), 1e-12);
  }

  @Test
  void pastTheTailStartNoveltyFollowsTheExponentialTailTowardsOne() {
    assertEquals(1 - 0.1 * Math.exp(-1), model.novelty(11), 1e-12);
    assertTrue(model.novelty(30) > 0.9999 && model.novelty(30) < 1);
    assertEquals(0.99, model.novelty(model.distanceThreshold()), 1e-12);
    assertEquals(9 + 2 * Math.log(10), model.distanceThreshold(), 1e-12);
  }

  @Test
  void noveltyIsMonotoneInTheDistance() {
    double previous = -1;
    for (double d = -2; d < 40; d += 0.01) {
      double n = model.novelty(d);
      assertTrue(n >= previous, "novelty fell from " + previous + " to " + n + " at " + d);
      assertTrue(n >= 0 && n <= 1, "novelty out of [0, 1]: " + n);
      if (d > model.tailStart()) {
        assertTrue(n > previous, "strictly rising in the tail, at " + d);
      }
      previous = n;
    }
  }

  @Test
  void tiedReferenceDistancesAnswerTheTopOfTheirRun() {
    NoveltyModel ties =
        new NoveltyModel(
            MEANS, INVERSE_SPREADS, 1, new double[] {1, 2, 2, 2, 3}, 0.9, 1, 0.99, Double.NaN);
    assertEquals(0.75, ties.novelty(2), 1e-12);
  }

  @Test
  void inconsistentDescriptionsAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new NoveltyModel(
                MEANS, INVERSE_SPREADS, 2, new double[] {3, 1}, 0.9, 1, 0.99, Double.NaN));
    assertThrows(
        IllegalArgumentException.class,
        () -> new NoveltyModel(MEANS, INVERSE_SPREADS, 4, REFERENCE, 0.9, 1, 0.99, Double.NaN));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new NoveltyModel(
                MEANS, new float[][] {{1, 1}}, 2, REFERENCE, 0.9, 1, 0.99, Double.NaN));
    assertThrows(
        IllegalArgumentException.class,
        () -> new NoveltyModel(MEANS, INVERSE_SPREADS, 2, REFERENCE, 0.9, 0, 0.99, Double.NaN));
    IllegalArgumentException width =
        assertThrows(IllegalArgumentException.class, () -> model.distance(new float[] {1, 2}, 0));
    assertTrue(width.getMessage().contains("expects 3"));
    assertThrows(IllegalArgumentException.class, () -> model.distance(new float[] {1, 2, 3}, 2));
  }
}
