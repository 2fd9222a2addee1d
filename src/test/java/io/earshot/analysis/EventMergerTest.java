package io.earshot.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.earshot.openset.UnknownReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventMergerTest {

  @Test
  void overlappingWindowsOfOneClassMakeOneEventWithItsBestAndMeanConfidence() {
    List<Event> events =
        EventMerger.merge(
            List.of(bird(0, 3, 0.9), bird(1.5, 4.5, 0.7), bird(3, 6, 0.8), silent(4.5, 7.5)), 0);
    assertEquals(1, events.size());
    Event e = events.get(0);
    assertEquals("bird", e.label());
    assertEquals(0, e.startS());
    assertEquals(6, e.endS());
    assertEquals(0.9, e.confidence());
    assertEquals(0.8, e.meanConfidence(), 1e-12);
    assertEquals(3, e.segments());
  }

  @Test
  void aGapLongerThanTheMergeGapSplitsAnEvent() {
    List<Segment> windows = List.of(bird(0, 2, 0.9), bird(4, 6, 0.9));
    assertEquals(2, EventMerger.merge(windows, 1.5).size());
    assertEquals(1, EventMerger.merge(windows, 2).size());
  }

  @Test
  void abstainingWindowsNeverMakeEvents() {
    List<Segment> windows =
        List.of(
            silent(0, 2),
            new Segment(2, 4, null, 0.99, UnknownReason.NOVEL),
            new Segment(4, 6, null, 0.3, UnknownReason.UNCERTAIN));
    assertEquals(List.of(), EventMerger.merge(windows, 10));
  }

  @Test
  void twoSoundsAtOnceGiveTwoOverlappingEventsInOrderOfStart() {
    List<Event> events =
        EventMerger.merge(
            List.of(
                new Segment(2, 4, "dog", 0.6, null),
                bird(0, 2, 0.9),
                bird(2, 4, 0.8),
                new Segment(4, 6, "dog", 0.7, null)),
            0);
    assertEquals(2, events.size());
    assertEquals("bird", events.get(0).label());
    assertEquals(4, events.get(0).endS());
    assertEquals("dog", events.get(1).label());
    assertEquals(2, events.get(1).startS());
    assertEquals(6, events.get(1).endS());
  }

  @Test
  void aNegativeGapIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> EventMerger.merge(List.of(), -1));
  }

  private static Segment bird(double start, double end, double confidence) {
    return new Segment(start, end, "bird", confidence, null);
  }

  private static Segment silent(double start, double end) {
    return new Segment(start, end, null, 0.5, UnknownReason.SILENT);
  }
}
