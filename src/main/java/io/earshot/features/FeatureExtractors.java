package io.earshot.features;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One extractor per {@link FeatureVersion}, so a model is served with the definition it was trained
 * on: new models use {@link #current()}, and a model of an earlier version keeps answering until a
 * newer one replaces it. Extractors are shareable and allocate their per-thread scratch only when
 * used; all but the training version's are built when first asked for, so a CLI command that
 * extracts with one version does not build the others (about 40 ms of a one-core start each).
 */
public final class FeatureExtractors {

  private final Map<FeatureVersion, FeatureExtractor> byVersion = new ConcurrentHashMap<>();

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
    extractor(training);
  }

  /** The extractor new models are trained with. */
  public FeatureExtractor current() {
    return extractor(training);
  }

  private FeatureExtractor extractor(FeatureVersion version) {
    return byVersion.computeIfAbsent(version, FeatureExtractor::new);
  }

  private Stream<FeatureExtractor> all() {
    return Arrays.stream(FeatureVersion.values()).map(this::extractor);
  }

  /** The schema ids of every other version: stored clips under them are re-extracted. */
  public List<String> otherSchemaIds() {
    return Arrays.stream(FeatureVersion.values())
        .filter(version -> version != training)
        .map(version -> extractor(version).schema().id())
        .toList();
  }

  /** The extractor whose schema has this id, if Earshot computes it. */
  public Optional<FeatureExtractor> forSchema(String schemaId) {
    return all().filter(e -> e.schema().id().equals(schemaId)).findFirst();
  }

  /** Every schema id Earshot computes, for messages: "earshot-v2-…, earshot-v3-…". */
  public String known() {
    return all().map(e -> e.schema().id()).collect(Collectors.joining(", "));
  }
}
