package io.earshot.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowPlanTest {

  @Test
  void windowsStartEveryHopAndTheLastIsCutAtTheEnd() {
    List<WindowPlan.Window> w = new WindowPlan(3, 1.5).windows(10);
    assertEquals(6, w.size(), w.toString());
    assertEquals(0, w.get(0).startSeconds());
    assertEquals(3, w.get(0).endSeconds());
    assertEquals(7.5, w.get(5).startSeconds());
    assertEquals(10, w.get(5).endSeconds(), "cut at the end: 2.5 s, more than half a window");
    for (int i = 0; i < w.size(); i++) {
      assertEquals(i, w.get(i).index());
    }
  }

  @Test
  void aTailShorterThanHalfAWindowIsLeftToTheWindowBeforeIt() {
    List<WindowPlan.Window> w = new WindowPlan(4, 4).windows(9);
    assertEquals(2, w.size(), "the last second is too short for a window of its own: " + w);
    assertEquals(8, w.get(1).endSeconds());
    List<WindowPlan.Window> longer = new WindowPlan(4, 4).windows(10);
    assertEquals(3, longer.size());
    assertEquals(10, longer.get(2).endSeconds());
  }

  @Test
  void windowsEndingBeforeWhatIsKnownAreTheSameForEveryLongerRecording() {
    WindowPlan plan = new WindowPlan(1.3, 0.37);
    List<WindowPlan.Window> settled = plan.windowsEndingBefore(20, 0);
    assertEquals(51, settled.size(), "the last starts at 18.5 s and ends at 19.8 s");
    for (double duration : new double[] {20, 20.4, 33.3, 3600}) {
      List<WindowPlan.Window> all = plan.windows(duration);
      assertEquals(settled, all.subList(0, settled.size()), "recording of " + duration + " s");
      assertEquals(all.subList(settled.size(), all.size()), plan.windows(duration, 51));
    }
    assertEquals(settled.subList(10, 51), plan.windowsEndingBefore(20, 10));
    assertTrue(plan.windowsEndingBefore(1.3, 0).isEmpty(), "not even the first has ended");
  }

  @Test
  void aRecordingShorterThanAWindowIsOneWindow() {
    List<WindowPlan.Window> w = WindowPlan.of(3).windows(1.2);
    assertEquals(List.of(new WindowPlan.Window(0, 0, 1.2)), w);
  }

  @Test
  void noWindowRepeatsTheTailOfTheOneBefore() {
    List<WindowPlan.Window> w = new WindowPlan(3, 1).windows(4);
    assertEquals(2, w.size(), w.toString());
    assertEquals(4, w.get(1).endSeconds());
  }

  @Test
  void theDefaultHopIsHalfAWindow() {
    assertEquals(1.5, WindowPlan.of(3).hopSeconds());
  }

  @Test
  void windowsAndHopsOutOfRangeAreRefusedWithTheParameterName() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new WindowPlan(0.1, 0.1))
            .getMessage()
            .contains("window_s"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new WindowPlan(3, 4))
            .getMessage()
            .contains("hop_s"));
    assertThrows(IllegalArgumentException.class, () -> new WindowPlan(3, 0));
    assertThrows(IllegalArgumentException.class, () -> new WindowPlan(Double.NaN, 1));
  }
}
