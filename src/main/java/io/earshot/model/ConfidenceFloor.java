package io.earshot.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The calibrated confidence under which a model's answer is "uncertain" unless the configuration
 * says otherwise: the {@code rate} quantile of the confidence of the out-of-fold (or validation)
 * clips the model answered rightly. A right answer falls under it that rarely; a wrong one, or a
 * sound the model half recognises, much more often.
 *
 * @param threshold the floor itself, a calibrated probability
 * @param rate the share of rightly answered clips under the floor it was fitted for
 * @param clips rightly answered clips it was fitted on
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConfidenceFloor(double threshold, double rate, int clips) {

  public ConfidenceFloor {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
  }
}
