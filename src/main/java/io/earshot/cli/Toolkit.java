package io.earshot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.audio.CodecRoundTrip;
import io.earshot.config.EarshotConfig;
import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureExtractors;
import io.earshot.model.ModelBundle;
import io.earshot.pipeline.ClipAnalyzer;
import io.earshot.pipeline.ParallelExtractor;
import java.time.Duration;
import java.util.Optional;

/** The parts every command shares, built from the same configuration the service uses. */
final class Toolkit {
  final EarshotConfig config;
  final AudioLoader loader;
  final FeatureExtractors extractors;

  /**
   * The extractor new models are trained with; a model is served with its own ({@link
   * ModelLoading#active}).
   */
  final FeatureExtractor extractor;

  final ParallelExtractor parallel;

  Toolkit(EarshotConfig config) {
    this.config = config;
    this.loader = new AudioLoader(limits(config));
    this.extractors = new FeatureExtractors(config.featureVersion());
    this.extractor = extractors.current();
    this.parallel = parallel(extractor);
  }

  /** Extraction over a folder, on every core, with {@code extractor}. */
  ParallelExtractor parallel(FeatureExtractor extractor) {
    return new ParallelExtractor(loader, extractor, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Extraction for training: today's extractor, and codec variants when {@code codecs} is there.
   */
  ParallelExtractor training(Optional<CodecRoundTrip> codecs) {
    return new ParallelExtractor(
        new ClipAnalyzer(loader, extractor, codecs), Runtime.getRuntime().availableProcessors());
  }

  static AudioLimits limits(EarshotConfig config) {
    Duration budget = config.decodeTimeBudget();
    return new AudioLimits(
        config.maxUploadBytes(),
        config.maxDurationSeconds(),
        config.minDurationSeconds(),
        budget.toMillis());
  }

  static ObjectMapper json() {
    return ModelBundle.json();
  }
}
