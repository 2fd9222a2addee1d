package io.earshot.testing;

import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureSchema;
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
import java.util.List;
import java.util.Map;

/**
 * A small real model ("low" tone, "high" tone, "noise") trained once per test run on generated
 * clips through the real extractor, so service tests do not depend on the shipped model.
 */
public final class TestModels {
  public static final List<String> CLASSES = List.of("high", "low", "noise");
  private static ModelBundle cached;
  private static ModelBundle tonal;

  private TestModels() {}

  public static synchronized ModelBundle tiny() {
    if (cached == null) {
      FeatureExtractor extractor = new FeatureExtractor();
      FeatureSchema schema = extractor.schema();
      List<LabeledSample> samples = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        samples.add(sample(extractor, "low", TestAudio.tone(220 + 10 * i, 1.0, i), i));
        samples.add(
            sample(extractor, "high", TestAudio.tone(1760 + 40 * i, 1.0, 100 + i), 100 + i));
        samples.add(sample(extractor, "noise", TestAudio.noise(1.0, 200 + i), 200 + i));
      }
      TrainingParams params =
          TrainingParams.fromMap(Map.of("rounds", 30, "early_stopping_rounds", 10))
              .withSearch(SearchParams.OFF);
      cached =
          Trainer.train(samples, schema.id(), schema.names(), params, TrainingListener.NONE)
              .bundle();
    }
    return cached;
  }

  /**
   * A model of clean sounds only ("low" tones 200-352 Hz, "high" tones 1600-2360 Hz, 20 clips
   * each): noise, and anything else that is not a tone, is novel to it.
   */
  public static synchronized ModelBundle tonal() {
    if (tonal == null) {
      FeatureExtractor extractor = new FeatureExtractor();
      FeatureSchema schema = extractor.schema();
      List<LabeledSample> samples = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        samples.add(sample(extractor, "low", TestAudio.tone(200 + 8 * i, 1.0, i), i));
        samples.add(
            sample(extractor, "high", TestAudio.tone(1600 + 40 * i, 1.0, 100 + i), 100 + i));
      }
      TrainingParams params =
          TrainingParams.fromMap(Map.of("rounds", 30, "early_stopping_rounds", 10))
              .withSearch(SearchParams.OFF);
      tonal =
          Trainer.train(samples, schema.id(), schema.names(), params, TrainingListener.NONE)
              .bundle();
    }
    return tonal;
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
