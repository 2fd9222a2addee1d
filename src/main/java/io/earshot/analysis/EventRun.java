package io.earshot.analysis;

/** An event being built from windows of one class: where it spans and how sure its windows were. */
final class EventRun {
  final double start;
  double end;
  private double best;
  private double sum;
  private int count;

  EventRun(Segment first) {
    start = first.startS();
    end = first.endS();
    best = first.confidence();
    sum = first.confidence();
    count = 1;
  }

  void add(Segment s) {
    end = Math.max(end, s.endS());
    best = Math.max(best, s.confidence());
    sum += s.confidence();
    count++;
  }

  Event event(String label) {
    return new Event(label, start, end, best, sum / count, count);
  }
}
