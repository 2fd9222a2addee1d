package io.earshot.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * What a model was trained on and how; stored as model.json next to the booster.
 *
 * @param params the training parameters as given (snake_case, see TrainingParams.toMap)
 * @param chosenParams tree parameters and round count the final booster was fitted with
 * @param trainedAt ISO-8601 instant
 * @param classWeights sample weight per class, null when every sample weighed 1
 * @param featureImportance each feature's share of the total split gain of the final booster,
 *     largest first; features never split on are left out
 * @param cv null when no cross-validated search ran
 * @param unknownThreshold calibrated confidence below which a prediction is "unknown"
 * @param dataset the dataset version the model learned from; null for models trained before
 *     versions were recorded
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetadata(
    String version,
    String schemaId,
    List<String> featureNames,
    List<String> classes,
    String objective,
    Map<String, Object> params,
    Map<String, Object> chosenParams,
    String trainedAt,
    SampleCounts sampleCounts,
    Map<String, Double> classWeights,
    Map<String, Double> featureImportance,
    double trainingTimeSeconds,
    Calibration calibration,
    CvSummary cv,
    double unknownThreshold,
    DatasetSummary dataset) {

  public ModelMetadata {
    if (schemaId == null || featureNames == null || classes == null || calibration == null) {
      throw new IllegalArgumentException(
          "model metadata needs schema_id, feature_names, classes and calibration");
    }
    featureNames = List.copyOf(featureNames);
    classes = List.copyOf(classes);
  }

  public ModelMetadata withVersion(String newVersion) {
    return new ModelMetadata(
        newVersion,
        schemaId,
        featureNames,
        classes,
        objective,
        params,
        chosenParams,
        trainedAt,
        sampleCounts,
        classWeights,
        featureImportance,
        trainingTimeSeconds,
        calibration,
        cv,
        unknownThreshold,
        dataset);
  }
}
