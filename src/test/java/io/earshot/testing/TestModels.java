package io.earshot.testing;

import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureSchema;
import io.earshot.features.FeatureVersion;
import io.earshot.model.ModelBundle;
import io.earshot.training.LabeledSample;
import io.earshot.training.SearchParams;
import io.earshot.training.Trainer;
import io.earshot.training.TrainingListener;
import io.earshot.training.TrainingParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A small real model ("low" tone, "high" tone, "noise") trained once per test run on generated
 * clips through the real extractor, so service tests do not depend on the shipped model.
 */
public final class TestModels {
  public static final List<String> CLASSES = List.of("high", "low", "noise");
  private static final Map<FeatureVersion, ModelBundle> TINY = new EnumMap<>(FeatureVersion.class);
  private static ModelBundle tonal;
  private static final FeatureExtractor EXTRACTOR = new FeatureExtractor();

  private TestModels() {}

  public static ModelBundle tiny() {
    return tiny(FeatureVersion.CURRENT);
  }

  /** The tiny model trained on features of {@code version}. */
  public static synchronized ModelBundle tiny(FeatureVersion version) {
    return TINY.computeIfAbsent(
        version,
        v -> {
          FeatureExtractor extractor =
              v == EXTRACTOR.version() ? EXTRACTOR : new FeatureExtractor(v);
          List<LabeledSample> samples = new ArrayList<>();
          for (int i = 0; i < 12; i++) {
            samples.add(sample(extractor, "low", TestAudio.tone(220 + 10 * i, 1.0, i), i));
            samples.add(
                sample(extractor, "high", TestAudio.tone(1760 + 40 * i, 1.0, 100 + i), 100 + i));
            samples.add(sample(extractor, "noise", TestAudio.noise(1.0, 200 + i), 200 + i));
          }
          return train(samples, extractor.schema());
        });
  }

  /**
   * A model of clean sounds only ("low" tones 200-352 Hz, "high" tones 1600-2360 Hz, 20 clips
   * each): noise, and anything else that is not a tone, is novel to it.
   */
  public static synchronized ModelBundle tonal() {
    if (tonal == null) {
      List<LabeledSample> samples = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        samples.add(sample(EXTRACTOR, "low", TestAudio.tone(200 + 8 * i, 1.0, i), i));
        samples.add(
            sample(EXTRACTOR, "high", TestAudio.tone(1600 + 40 * i, 1.0, 100 + i), 100 + i));
      }
      tonal = train(samples, EXTRACTOR.schema());
    }
    return tonal;
  }

  /** 30 rounds, no search: quick, and enough for classes this far apart. */
  public static ModelBundle train(List<LabeledSample> samples, FeatureSchema schema) {
    TrainingParams params =
        TrainingParams.fromMap(Map.of("rounds", 30, "early_stopping_rounds", 10))
            .withSearch(SearchParams.OFF);
    return Trainer.train(samples, schema.id(), schema.names(), params, TrainingListener.NONE)
        .bundle();
  }

  /** Writes the tiny model into a fresh folder, as the shipped model would be laid out. */
  public static Path tinyModelDir(Path parent) throws IOException {
    Path dir = Files.createDirectories(parent.resolve("models"));
    tiny().save(dir);
    return dir;
  }

  private static LabeledSample sample(
      FeatureExtractor extractor, String label, float[] audio, int id) {
    return new LabeledSample(
        label + "-" + id, label, extractor.extract(TestAudio.clip(audio)).values());
  }
}
