package io.earshot.analysis;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link EventMerger} for a stream: windows arrive in order, and an event is closed (and handed
 * out) as soon as a window starts more than the merge gap after it ends, or when the stream ends.
 * Each open event is a running summary, so a day-long event costs no more than a short one.
 */
public final class LiveEvents {
  private final double mergeGapSeconds;
  private final Map<String, EventRun> open = new TreeMap<>();

  public LiveEvents(double mergeGapSeconds) {
    this.mergeGapSeconds = EventMerger.checkMergeGap(mergeGapSeconds);
  }

  /** Takes the next window; returns the events it closes, by label. */
  public List<Event> accept(Segment segment) {
    List<Event> closed = new ArrayList<>();
    for (Iterator<Map.Entry<String, EventRun>> it = open.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, EventRun> run = it.next();
      if (segment.startS() - run.getValue().end > mergeGapSeconds + 1e-9) {
        closed.add(run.getValue().event(run.getKey()));
        it.remove();
      }
    }
    if (segment.answered()) {
      EventRun run = open.get(segment.predictedClass());
      if (run == null) {
        open.put(segment.predictedClass(), new EventRun(segment));
      } else {
        run.add(segment);
      }
    }
    return closed;
  }

  /** Closes every open event: the stream has ended. */
  public List<Event> finish() {
    List<Event> closed = new ArrayList<>();
    open.forEach((label, run) -> closed.add(run.event(label)));
    open.clear();
    return closed;
  }
}
