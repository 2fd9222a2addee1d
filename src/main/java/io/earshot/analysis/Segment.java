package io.earshot.analysis;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.earshot.openset.UnknownReason;

/**
 * The answer for one window of a recording, under the same open-set rules as a prediction.
 *
 * @param predictedClass null when the window abstains
 * @param confidence calibrated probability of the most probable class, also when abstaining
 * @param unknownReason why it abstains; null when it does not
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Segment(
    double startS,
    double endS,
    String predictedClass,
    double confidence,
    UnknownReason unknownReason) {

  /** Whether the window names a class (silent, novel and uncertain windows never make events). */
  @JsonIgnore
  public boolean answered() {
    return predictedClass != null;
  }
}
