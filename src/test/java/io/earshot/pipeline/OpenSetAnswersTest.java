package io.earshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureSchema;
import io.earshot.model.Classifier;
import io.earshot.model.ModelBundle;
import io.earshot.openset.OpenSetPolicy;
import io.earshot.openset.UnknownReason;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestModels;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Open-set answers end to end, through the real decoder, extractor and booster: a tonal model (low
 * and high harmonic tones) asked about silence, noise and tones like the ones it was trained on.
 */
class OpenSetAnswersTest {
  private static final FeatureExtractor EXTRACTOR = new FeatureExtractor();
  private static Classifier classifier;
  private static PredictionPipeline pipeline;

  @BeforeAll
  static void serveATonalModel() {
    ModelBundle bundle = TestModels.tonal();
    FeatureSchema schema = EXTRACTOR.schema();
    classifier = new Classifier(bundle, schema.id(), schema.size(), 1);
    ModelHolder holder = new ModelHolder();
    holder.swap(new ActiveModel("1", bundle, classifier, EXTRACTOR));
    pipeline =
        new PredictionPipeline(
            new AudioLoader(AudioLimits.defaults()), holder, OpenSetPolicy.defaults());
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  @Test
  void digitalSilenceIsSilentAndStillCarriesProbabilities() throws Exception {
    for (double seconds : new double[] {0.5, 1, 3}) {
      Prediction p = predict(new float[(int) (seconds * TestAudio.RATE)]);
      assertNull(p.predictedClass());
      assertEquals(UnknownReason.SILENT, p.unknownReason());
      assertEquals(2, p.probabilities().size(), "probabilities are given when abstaining");
      assertEquals(Double.NEGATIVE_INFINITY, p.loudestFrameDbfs());
    }
  }

  @Test
  void nearSilenceIsSilentToo() throws Exception {
    float[] hiss = TestAudio.noise(1.0, 9);
    for (int i = 0; i < hiss.length; i++) {
      hiss[i] *= 1e-4f; // 0.2 * 1e-4 RMS: about -94 dBFS
    }
    assertEquals(UnknownReason.SILENT, predict(hiss).unknownReason());
  }

  @Test
  void noiseIsNovelForATonalModel() throws Exception {
    for (long seed = 0; seed < 5; seed++) {
      Prediction p = predict(TestAudio.noise(1.0, 500 + seed));
      assertEquals(UnknownReason.NOVEL, p.unknownReason(), "noise, seed " + seed);
      assertTrue(p.novelty() >= 0.98, "novelty " + p.novelty());
      assertTrue(p.confidence() > 0, "the best class's confidence is still reported");
    }
  }

  @Test
  void freshTonesLikeTheTrainedOnesAreAnswered() throws Exception {
    int abstained = 0;
    for (int i = 0; i < 20; i++) {
      Prediction low = predict(TestAudio.tone(204 + 8 * i, 1.0, 1000 + i));
      Prediction high = predict(TestAudio.tone(1620 + 40 * i, 1.0, 2000 + i));
      abstained += (low.predictedClass() == null ? 1 : 0) + (high.predictedClass() == null ? 1 : 0);
      assertTrue(low.novelty() >= 0 && low.novelty() < 1, "novelty " + low.novelty());
    }
    assertTrue(abstained <= 2, abstained + " of 40 in-distribution clips abstained (<= 5 %)");
  }

  @Test
  void aClientsMinConfidenceMakesAnUnsureAnswerUncertain() throws Exception {
    byte[] tone = TestAudio.wav(TestAudio.tone(1700, 1.0, 77));
    Prediction sure = pipeline.predict(tone, false);
    assertEquals("high", sure.predictedClass());
    Prediction demanding = pipeline.predict(tone, false, OptionalDouble.of(1.0));
    assertNull(demanding.predictedClass());
    assertEquals(UnknownReason.UNCERTAIN, demanding.unknownReason());
    assertEquals(sure.confidence(), demanding.confidence(), 1e-12);
  }

  private static Prediction predict(float[] audio) throws Exception {
    return pipeline.predict(TestAudio.wav(audio), false);
  }
}
