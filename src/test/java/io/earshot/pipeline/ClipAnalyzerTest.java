package io.earshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import io.earshot.testing.TestAudio;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClipAnalyzerTest {
  private final ClipAnalyzer analyzer =
      new ClipAnalyzer(new AudioLoader(AudioLimits.defaults()), new FeatureExtractor());
  private final byte[] wav = TestAudio.wav(TestAudio.tone(330, 1.0, 9));

  @Test
  void identifiesTheClipByItsBytesAndMakesTheAskedNumberOfVariants() throws Exception {
    ClipAnalyzer.Analysis clip = analyzer.analyze(wav, 3, 42);
    assertEquals(Hashing.sha256(wav), clip.sha256());
    assertEquals(1.0, clip.durationSeconds(), 1e-3);
    assertEquals(3, clip.augmented().size());
    assertFalse(
        Arrays.equals(clip.original().values(), clip.augmented().get(0).values()),
        "a variant is not the original");
    assertEquals(0, analyzer.analyze(wav, 0, 42).augmented().size());
  }

  @Test
  void theSameSeedGivesTheSameVariantsAndAnotherSeedOthers() throws Exception {
    ClipAnalyzer.Analysis first = analyzer.analyze(wav, 2, 7);
    ClipAnalyzer.Analysis again = analyzer.analyze(wav, 2, 7);
    ClipAnalyzer.Analysis other = analyzer.analyze(wav, 2, 8);
    assertArrayEquals(first.augmented().get(1).values(), again.augmented().get(1).values());
    assertFalse(
        Arrays.equals(first.augmented().get(1).values(), other.augmented().get(1).values()));
  }
}
