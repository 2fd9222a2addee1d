package io.earshot.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * Quality of a classifier on one labelled set, serialised with snake_case names.
 *
 * @param rocAuc macro one-vs-rest ROC-AUC over the classes where it is defined (the positive
 *     class's AUC for two classes); null when no class has both positives and negatives
 * @param rocAucPerClass one-vs-rest AUC per class; classes without positives or negatives are left
 *     out
 * @param ece expected calibration error of the top-class confidence (10 equal-width bins)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationReport(
    int samples,
    double accuracy,
    double macroPrecision,
    double macroRecall,
    double macroF1,
    Map<String, ClassMetrics> perClass,
    Double rocAuc,
    Map<String, Double> rocAucPerClass,
    double ece,
    ConfusionMatrix confusionMatrix) {}
