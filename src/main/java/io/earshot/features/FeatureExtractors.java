package io.earshot.features;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One extractor per {@link FeatureVersion}, so a model is served with the definition it was trained
 * on: new models use {@link #current()}, and a model of an earlier version keeps answering until a
 * newer one replaces it. Extractors are shareable and allocate their per-thread scratch only when
 * used, so a version no model needs costs nothing.
 */
public final class FeatureExtractors {

  private final Map<FeatureVersion, FeatureExtractor> byVersion =
      new EnumMap<>(FeatureVersion.class);

  private final FeatureVersion training;

  /** New models on {@link FeatureVersion#CURRENT}. */
  public FeatureExtractors() {
    this(FeatureVersion.CURRENT);
  }

  /**
   * @param training the version new models are trained on and uploads are stored for
   */
  public FeatureExtractors(FeatureVersion training) {
    this.training = training;
    for (FeatureVersion version : FeatureVersion.values()) {
      byVersion.put(version, new FeatureExtractor(version));
    }
  }

  /** The extractor new models are trained with. */
  public FeatureExtractor current() {
    return byVersion.get(training);
  }

  /** The schema ids of every other version: stored clips under them are re-extracted. */
  public List<String> otherSchemaIds() {
    return byVersion.entrySet().stream()
        .filter(e -> e.getKey() != training)
        .map(e -> e.getValue().schema().id())
        .toList();
  }

  /** The extractor whose schema has this id, if Earshot computes it. */
  public Optional<FeatureExtractor> forSchema(String schemaId) {
    return byVersion.values().stream().filter(e -> e.schema().id().equals(schemaId)).findFirst();
  }

  /** Every schema id Earshot computes, for messages: "earshot-v2-…, earshot-v3-…". */
  public String known() {
    return byVersion.values().stream().map(e -> e.schema().id()).collect(Collectors.joining(", "));
  }
}
