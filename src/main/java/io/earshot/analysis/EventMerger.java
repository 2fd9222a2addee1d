package io.earshot.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges answered windows into events, class by class: a window joins the open event of its class
 * when it starts at most {@code mergeGapSeconds} after that event ends (overlapping windows always
 * join). Windows of other classes in between do not break a run, so two sounds heard at once give
 * two overlapping events, as a selection table expects.
 */
public final class EventMerger {
  private EventMerger() {}

  /**
   * @param segments the windows, in any order
   * @return events ordered by start, then label
   */
  public static List<Event> merge(List<Segment> segments, double mergeGapSeconds) {
    checkMergeGap(mergeGapSeconds);
    Map<String, List<Segment>> byClass = new TreeMap<>();
    for (Segment s : segments) {
      if (s.answered()) {
        byClass.computeIfAbsent(s.predictedClass(), c -> new ArrayList<>()).add(s);
      }
    }
    List<Event> events = new ArrayList<>();
    byClass.forEach(
        (label, runs) -> {
          runs.sort(Comparator.comparingDouble(Segment::startS));
          EventRun run = null;
          for (Segment s : runs) {
            if (run != null && s.startS() - run.end <= mergeGapSeconds + 1e-9) {
              run.add(s);
            } else {
              if (run != null) {
                events.add(run.event(label));
              }
              run = new EventRun(s);
            }
          }
          if (run != null) {
            events.add(run.event(label));
          }
        });
    events.sort(Comparator.comparingDouble(Event::startS).thenComparing(Event::label));
    return List.copyOf(events);
  }

  /**
   * The one check of a merge gap, wherever one is given (a request, a stream, the CLI).
   *
   * @throws IllegalArgumentException naming {@code merge_gap_s} when it is negative or not a number
   */
  public static double checkMergeGap(double mergeGapSeconds) {
    if (!(mergeGapSeconds >= 0)) {
      throw new IllegalArgumentException(
          "merge_gap_s must be 0 or more seconds, got " + mergeGapSeconds);
    }
    return mergeGapSeconds;
  }
}
