package io.earshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.analysis.AnalysisResult;
import io.earshot.analysis.Event;
import io.earshot.analysis.Segment;
import io.earshot.analysis.WindowPlan;
import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import io.earshot.model.Classifier;
import io.earshot.model.ModelBundle;
import io.earshot.openset.OpenSetPolicy;
import io.earshot.openset.UnknownReason;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestModels;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A recording with sounds at known times, through the tonal model: events where the sounds are. */
class RecordingAnalyzerTest {
  private static final double WINDOW = 1.0;
  private static final double HOP = 0.5;
  private static Classifier classifier;
  private static ActiveModel model;
  private static RecordingAnalyzer analyzer;

  @BeforeAll
  static void serve() {
    FeatureExtractor extractor = new FeatureExtractor();
    ModelBundle bundle = TestModels.tonal();
    classifier = new Classifier(bundle, extractor.schema().id(), extractor.schema().size(), 1);
    model = new ActiveModel("7", bundle, classifier, extractor);
    analyzer =
        new RecordingAnalyzer(new AudioLoader(AudioLimits.defaults()), OpenSetPolicy.defaults());
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  @Test
  void soundsAtKnownTimesBecomeEventsAtThoseTimesWithinOneHop() throws Exception {
    // 0-3 s silence, 3-7 s a high tone, 7-10 s silence, 10-13 s a low tone, 13-15 s silence
    float[] recording = new float[15 * TestAudio.RATE];
    place(recording, TestAudio.tone(1900, 4, 11), 3);
    place(recording, TestAudio.tone(300, 3, 12), 10);
    AnalysisResult result =
        analyzer.analyze(
            model,
            TestAudio.wav(recording),
            new RecordingAnalyzer.Request(new WindowPlan(WINDOW, HOP), 0, OptionalDouble.empty()));

    assertEquals(15, result.durationS(), 1e-3);
    assertEquals("7", result.modelVersion());
    assertEquals(29, result.segments().size(), "a window every 0.5 s, the last ending at 15 s");
    Segment first = result.segments().get(0);
    assertNull(first.predictedClass());
    assertEquals(UnknownReason.SILENT, first.unknownReason());

    List<Event> events = result.events();
    assertEquals(2, events.size(), events.toString());
    Event high = events.get(0);
    assertEquals("high", high.label());
    assertEquals(3, high.startS(), HOP + 1e-9);
    assertEquals(7, high.endS(), HOP + 1e-9);
    Event low = events.get(1);
    assertEquals("low", low.label());
    assertEquals(10, low.startS(), HOP + 1e-9);
    assertEquals(13, low.endS(), HOP + 1e-9);
    assertTrue(low.confidence() >= low.meanConfidence());
  }

  @Test
  void noiseInARecordingIsNovelAndMakesNoEvent() throws Exception {
    float[] recording = new float[6 * TestAudio.RATE];
    place(recording, TestAudio.noise(6, 13), 0);
    AnalysisResult result =
        analyzer.analyze(
            model,
            TestAudio.wav(recording),
            new RecordingAnalyzer.Request(WindowPlan.of(2), 0, OptionalDouble.empty()));
    assertTrue(result.events().isEmpty(), result.events().toString());
    assertTrue(
        result.segments().stream().allMatch(s -> s.unknownReason() == UnknownReason.NOVEL),
        result.segments().toString());
  }

  private static void place(float[] recording, float[] sound, double atSeconds) {
    System.arraycopy(
        sound, 0, recording, (int) Math.round(atSeconds * TestAudio.RATE), sound.length);
  }
}
