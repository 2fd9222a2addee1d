package io.earshot.pipeline;

import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureExtractors;
import io.earshot.model.Classifier;
import io.earshot.model.IncompatibleModelException;
import io.earshot.model.ModelBundle;

/**
 * A model version ready to score: its bundle, the classifier built from it, and the extractor of
 * the feature schema it was trained on (every answer of this model is computed with that one).
 */
public record ActiveModel(
    String version, ModelBundle bundle, Classifier classifier, FeatureExtractor extractor)
    implements AutoCloseable {

  /**
   * Builds the classifier of {@code bundle} with the extractor of its schema.
   *
   * @throws IncompatibleModelException when no extractor of this Earshot computes the model's
   *     schema
   */
  public static ActiveModel of(ModelBundle bundle, FeatureExtractors extractors) {
    String schemaId = bundle.metadata().schemaId();
    FeatureExtractor extractor =
        extractors
            .forSchema(schemaId)
            .orElseThrow(
                () ->
                    new IncompatibleModelException(
                        "model "
                            + bundle.metadata().version()
                            + " was trained on feature schema '"
                            + schemaId
                            + "', which this Earshot does not compute (it computes "
                            + extractors.known()
                            + "); retrain the model with this version"));
    Classifier classifier = new Classifier(bundle, schemaId, extractor.schema().size());
    return new ActiveModel(bundle.metadata().version(), bundle, classifier, extractor);
  }

  /** Frees the classifier's native boosters. */
  @Override
  public void close() {
    classifier.close();
  }
}
