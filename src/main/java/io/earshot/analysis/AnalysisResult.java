package io.earshot.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What a recording held: every window's answer and the events merged from them, with the settings
 * and the model's classes, so that a result read later says how it was made.
 *
 * @param classes every class the model could have answered, in its order
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AnalysisResult(
    double durationS,
    String modelVersion,
    List<String> classes,
    double windowS,
    double hopS,
    double mergeGapS,
    List<Segment> segments,
    List<Event> events) {

  public AnalysisResult {
    classes = List.copyOf(classes);
    segments = List.copyOf(segments);
    events = List.copyOf(events);
  }
}
