package io.earshot.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** What a recording held: every window's answer and the events merged from them. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AnalysisResult(
    double durationS,
    String modelVersion,
    double windowS,
    double hopS,
    List<Segment> segments,
    List<Event> events) {

  public AnalysisResult {
    segments = List.copyOf(segments);
    events = List.copyOf(events);
  }
}
