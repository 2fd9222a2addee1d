package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioClip;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Schema, input validation, thread safety and the visualisation view. */
class FeatureExtractorContractTest {

  private static final int SR = AudioClip.ANALYSIS_RATE;
  private final FeatureExtractor extractor = new FeatureExtractor();

  @Test
  void schemaNamesAreUniqueAndMatchTheVectorLength() {
    FeatureSchema schema = extractor.schema();
    assertEquals(schema.size(), new HashSet<>(schema.names()).size());
    FeatureVector v = extractor.extract(new AudioClip(Signals.sine(300, 0.2, 1.0, SR), SR));
    assertEquals(schema.size(), v.size());
    assertEquals(schema.id(), v.schemaId());
    assertEquals(3, schema.version(), "new models use feature version 3");
    assertTrue(schema.id().matches("earshot-v3-[0-9a-f]{12}"), schema.id());
  }

  @Test
  void schemaIdIsStableAcrossInstancesAndChangesWithParameters() {
    FeatureSchema schema = extractor.schema();
    assertEquals(schema.id(), new FeatureExtractor().schema().id());
    var changed = new java.util.LinkedHashMap<>(schema.parameters());
    changed.put("hop_length", 256);
    assertNotEquals(schema.id(), FeatureSchema.of(2, schema.names(), changed).id());
    List<String> reordered = new ArrayList<>(schema.names());
    java.util.Collections.swap(reordered, 0, 1);
    assertNotEquals(schema.id(), FeatureSchema.of(2, reordered, schema.parameters()).id());
  }

  @Test
  void schemaRejectsDuplicateNames() {
    assertThrows(
        IllegalArgumentException.class,
        () -> FeatureSchema.of(2, List.of("a", "b", "a"), java.util.Map.of()));
  }

  @Test
  void rejectsClipsAtAnotherSampleRate() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> extractor.extract(new AudioClip(new float[44100], 44100)));
    assertTrue(e.getMessage().contains("22050"), e.getMessage());
  }

  @Test
  void rejectsEmptyAndNonFiniteClips() {
    assertThrows(
        IllegalArgumentException.class, () -> extractor.extract(new AudioClip(new float[0], SR)));
    float[] x = Signals.sine(300, 0.2, 0.5, SR);
    x[100] = Float.NaN;
    var e =
        assertThrows(IllegalArgumentException.class, () -> extractor.extract(new AudioClip(x, SR)));
    assertTrue(e.getMessage().contains("index 100"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> extractor.extract(null));
    float[] raw = Signals.sine(300, 32767, 0.5, SR);
    var unscaled =
        assertThrows(
            IllegalArgumentException.class, () -> extractor.extract(new AudioClip(raw, SR)));
    assertTrue(unscaled.getMessage().contains("[-1, 1]"), unscaled.getMessage());
    assertThrows(IllegalArgumentException.class, () -> extractor.analyze(new AudioClip(raw, SR)));
  }

  @Test
  void concurrentExtractionMatchesSingleThreaded() throws Exception {
    List<float[]> clips =
        List.of(
            Signals.harmonic(220, 5, 0.5, 3.0, SR),
            Signals.whiteNoise(0.3, 2.0, SR, 9),
            Signals.clickTrack(100, 4.0, SR),
            Signals.sine(1500, 0.4, 7.5, SR),
            new float[SR / 3]);
    List<float[]> expected = new ArrayList<>();
    FeatureExtractor reference = new FeatureExtractor();
    for (float[] clip : clips) {
      expected.add(reference.extract(new AudioClip(clip, SR)).values());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int round = 0; round < 6; round++) {
        for (float[] clip : clips) {
          results.add(pool.submit(() -> extractor.extract(new AudioClip(clip, SR)).values()));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertArrayEquals(
            expected.get(i % clips.size()), results.get(i).get(), "clip " + i % clips.size());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLongClipDoesNotDisturbLaterExtractionsOnTheSameThread() {
    float[] shortClip = Signals.harmonic(300, 4, 0.4, 1.0, SR);
    float[] before = extractor.extract(new AudioClip(shortClip, SR)).values();
    // longer than the two minutes a thread's workspace is allowed to keep
    FeatureVector longVector =
        extractor.extract(new AudioClip(Signals.sine(500, 0.3, 130.0, SR), SR));
    FeatureExtractorKnownAnswerTest.assertAllFinite(longVector);
    assertArrayEquals(before, extractor.extract(new AudioClip(shortClip, SR)).values());
  }

  @Test
  void analysisExposesFrameMatricesOnTheSameTimeAxis() {
    float[] x = Signals.sine(1000, 0.5, 2.0, SR);
    SpectralAnalysis a = extractor.analyze(new AudioClip(x, SR));
    int frames = 1 + x.length / AnalysisParameters.HOP;
    assertEquals(frames, a.frameCount());
    assertEquals(frames, a.logMelSpectrogram().length);
    assertEquals(128, a.logMelSpectrogram()[0].length);
    assertEquals(20, a.mfcc()[0].length);
    assertEquals(frames, a.frameTimes().length);
    assertEquals(AnalysisParameters.HOP / (double) SR, a.frameTimes()[1], 1e-12);
    // the loudest mel band of a middle frame is the one whose centre is nearest 1 kHz
    float[] middle = a.logMelSpectrogram()[frames / 2];
    int loudest = 0;
    for (int m = 1; m < middle.length; m++) {
      if (middle[m] > middle[loudest]) {
        loudest = m;
      }
    }
    float[] centres = a.melFrequencies();
    assertEquals(1000, centres[loudest], 30);
    assertEquals(0.5 / Math.sqrt(2), a.rms()[frames / 2], 1e-3);
  }
}
