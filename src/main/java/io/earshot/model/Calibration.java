package io.earshot.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Temperature scaling of the margins: probabilities are softmax(margin / temperature).
 *
 * @param fittedOn "cv_out_of_fold" or "validation_split"; "none" for an uncalibrated model
 * @param eceBefore expected calibration error on the held-out split with temperature 1
 * @param eceAfter the same with the fitted temperature
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Calibration(
    String method, double temperature, String fittedOn, double eceBefore, double eceAfter) {

  public static final Calibration NONE = new Calibration("none", 1.0, "none", 0, 0);
}
