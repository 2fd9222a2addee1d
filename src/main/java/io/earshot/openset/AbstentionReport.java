package io.earshot.openset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * How often a model abstained on a labelled set, and what answering only when sure bought.
 *
 * @param inDistribution clips of classes the model knows; null when there were none
 * @param outOfDistribution clips of any other label (open-set clips, where abstaining is right);
 *     null when there were none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AbstentionReport(InDistribution inDistribution, OutOfDistribution outOfDistribution) {

  /**
   * @param coverage share of clips answered
   * @param abstained clips held back, per reason (silent, novel, uncertain)
   * @param accuracy share of all clips whose most probable class is right (as if never abstaining)
   * @param selectiveAccuracy share of the answered clips whose answer is right; NaN with none
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record InDistribution(
      int clips,
      int answered,
      double coverage,
      Map<String, Integer> abstained,
      double accuracy,
      double selectiveAccuracy) {}

  /**
   * @param abstainedShare share of the clips held back (the higher the better)
   * @param byLabel the same per folder label, so each kind of unknown sound shows on its own
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record OutOfDistribution(
      int clips,
      double abstainedShare,
      Map<String, Integer> abstained,
      Map<String, LabelShare> byLabel) {}

  /** Abstentions among one label's clips. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record LabelShare(int clips, double abstainedShare, Map<String, Integer> abstained) {}
}
