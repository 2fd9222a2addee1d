package io.earshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import io.earshot.testing.TestAudio;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules an upload meets and the work on one clip, without HTTP or Vert.x. */
class ClipIngestTest {
  @TempDir Path dir;

  @Test
  void oneLabelNamesEveryFileAndLabelsNameOneFileEach() {
    assertEquals(List.of("dog", "dog", "dog"), ClipIngest.labels(List.of(), " dog ", 3));
    assertEquals(List.of("dog", "bird"), ClipIngest.labels(List.of("dog", "bird"), "cat", 2));
    assertEquals(List.of("dog", "bird"), ClipIngest.labels(List.of("dog, bird"), null, 2));
  }

  @Test
  void labelsThatBreakARuleAreRefusedWithTheRule() {
    assertMessage("one label per file", () -> ClipIngest.labels(List.of("a", "b"), null, 3));
    assertMessage("missing label", () -> ClipIngest.labels(List.of(), null, 1));
    assertMessage("1 to 64 letters", () -> ClipIngest.labels(List.of(), "../etc", 1));
    assertMessage("1 to 64 letters", () -> ClipIngest.labels(List.of(), "x".repeat(65), 1));
  }

  @Test
  void augmentIsAWholeNumberUpToTheMaximum() {
    assertEquals(0, ClipIngest.augment(null));
    assertEquals(0, ClipIngest.augment(" "));
    assertEquals(ClipIngest.MAX_AUGMENT, ClipIngest.augment(" " + ClipIngest.MAX_AUGMENT));
    assertMessage("from 0 to 10", () -> ClipIngest.augment("11"));
    assertMessage("from 0 to 10", () -> ClipIngest.augment("-1"));
    assertMessage("from 0 to 10", () -> ClipIngest.augment("two"));
  }

  @Test
  void aClipIsDecodedOnceWithItsVariantsAndKeptUnderItsLabelByContent() throws Exception {
    byte[] wav = TestAudio.wav(TestAudio.tone(330, 1.0, 9));
    Path upload = Files.write(dir.resolve("upload-tmp"), wav);
    ClipIngest ingest = ingest();
    ClipIngest.PreparedClip clip = ingest.prepare(upload, "../../evil.wav", "bird", 2);
    assertEquals(Hashing.sha256(wav), clip.sha256());
    assertEquals("wav", clip.extension());
    assertEquals(2, clip.analysis().augmented().size());
    Path kept = ingest.keep(clip);
    assertEquals(dir.resolve("clips/bird/" + clip.sha256() + ".wav"), kept);
    assertArrayEquals(wav, Files.readAllBytes(kept), "the raw bytes, never the client's name");
  }

  @Test
  void aMissingFileAndBytesThatAreNotAudioFailAsThemselves() throws Exception {
    ClipIngest ingest = ingest();
    assertThrows(
        NoSuchFileException.class, () -> ingest.prepare(dir.resolve("gone"), "g.wav", "bird", 0));
    Path junk = Files.write(dir.resolve("junk"), "not audio".getBytes(StandardCharsets.UTF_8));
    assertThrows(AudioDecodeException.class, () -> ingest.prepare(junk, "j.wav", "bird", 0));
  }

  private ClipIngest ingest() {
    return new ClipIngest(
        new ClipAnalyzer(new AudioLoader(AudioLimits.defaults()), new FeatureExtractor()),
        dir.resolve("clips"));
  }

  private static void assertMessage(String expected, Runnable rule) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, rule::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
