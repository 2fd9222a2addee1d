package io.earshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioClip;
import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureExtractors;
import io.earshot.features.FeatureSchema;
import io.earshot.features.FeatureVersion;
import io.earshot.model.IncompatibleModelException;
import io.earshot.model.ModelBundle;
import io.earshot.openset.OpenSetPolicy;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestModels;
import io.earshot.training.LabeledSample;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A model is answered with the features of the version it was trained on, whichever is current. */
class ServedFeatureVersionTest {

  private final FeatureExtractors extractors = new FeatureExtractors();

  @ParameterizedTest
  @EnumSource(FeatureVersion.class)
  void predictionsUseTheExtractorOfTheModelsOwnSchema(FeatureVersion version) throws Exception {
    float[] toneInNoise = mix(TestAudio.tone(1900, 1.0, 5), TestAudio.noise(1.0, 6), 1e-4f);
    try (ActiveModel model = ActiveModel.of(TestModels.tiny(version), extractors)) {
      assertEquals(version, model.extractor().version());
      ModelHolder holder = new ModelHolder();
      holder.swap(model);
      PredictionPipeline pipeline =
          new PredictionPipeline(
              new AudioLoader(AudioLimits.defaults()), holder, OpenSetPolicy.defaults());
      byte[] wav = TestAudio.wav(toneInNoise);
      Prediction answer = pipeline.predict(wav, false);
      AudioClip decoded = new AudioLoader(AudioLimits.defaults()).load(wav);
      // novelty reads every feature, so features of another version give another one
      double own = novelty(model, model.extractor(), decoded);
      assertEquals(own, answer.novelty(), 1e-9, "the answer is the model's own version's");
      for (FeatureVersion other : FeatureVersion.values()) {
        if (other != version) {
          double wrong = novelty(model, new FeatureExtractor(other), decoded);
          assertTrue(
              Math.abs(wrong - own) > 0.01, other + " would answer " + wrong + ", not " + own);
        }
      }
    }
  }

  @Test
  void aModelOfASchemaNoExtractorComputesIsRefusedNamingTheOnesThatAre() {
    FeatureSchema current = extractors.current().schema();
    FeatureSchema retired =
        new FeatureSchema("earshot-v1-0123456789ab", 1, current.names(), current.parameters());
    List<LabeledSample> samples = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      float[] zeros = new float[current.size()];
      zeros[0] = i % 2;
      samples.add(new LabeledSample("s" + i, i % 2 == 0 ? "a" : "b", zeros));
    }
    ModelBundle old = TestModels.train(samples, retired);
    IncompatibleModelException refused =
        assertThrows(IncompatibleModelException.class, () -> ActiveModel.of(old, extractors));
    assertTrue(refused.getMessage().contains("earshot-v1-0123456789ab"), refused.getMessage());
    for (FeatureVersion version : FeatureVersion.values()) {
      String id = new FeatureExtractor(version).schema().id();
      assertTrue(refused.getMessage().contains(id), refused.getMessage());
    }
  }

  private static double novelty(ActiveModel model, FeatureExtractor extractor, AudioClip clip) {
    float[] features = extractor.extract(clip).values();
    return PredictionPipeline.answer(
            model, features, 0, OptionalDouble.empty(), OpenSetPolicy.defaults())
        .novelty();
  }

  private static float[] mix(float[] a, float[] b, float gainB) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + gainB * b[i];
    }
    return out;
  }
}
