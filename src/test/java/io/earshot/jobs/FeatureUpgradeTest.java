package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureVersion;
import io.earshot.jobs.local.LocalFeatureStore;
import io.earshot.pipeline.ClipAnalyzer;
import io.earshot.pipeline.ClipFiles;
import io.earshot.testing.TestAudio;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clips stored under v2 are re-extracted from their raw audio as v3, as a re-upload would be. */
class FeatureUpgradeTest {

  private static final FeatureExtractor V2 = new FeatureExtractor(FeatureVersion.V2);
  private static final FeatureExtractor V3 = new FeatureExtractor(FeatureVersion.V3);
  private static final String V2_ID = V2.schema().id();
  private static final String V3_ID = V3.schema().id();

  @TempDir Path clipsDir;
  private final LocalFeatureStore store = new LocalFeatureStore();
  private final List<int[]> progress = new ArrayList<>();

  /** Stores a clip and its variants under v2 the way an upload does; keeps its audio unless not. */
  private String storeAsV2(byte[] wav, String label, int augment, boolean keepAudio)
      throws Exception {
    ClipAnalyzer.Analysis analysis = analyzer(V2).analyze(wav, augment, 0L);
    String sha = analysis.sha256();
    await(
        store.put(
            new StoredSample(
                sha,
                label,
                V2_ID,
                analysis.original().values(),
                "clip.wav",
                null,
                analysis.durationSeconds())));
    for (int k = 1; k <= augment; k++) {
      await(
          store.put(
              new StoredSample(
                  StoredSamples.variantKey(sha, k),
                  label,
                  V2_ID,
                  analysis.augmented().get(k - 1).values(),
                  StoredSamples.variantFilename(sha, k),
                  null)));
    }
    if (keepAudio) {
      Files.write(Files.createDirectories(clipsDir.resolve(label)).resolve(sha + ".wav"), wav);
    }
    return sha;
  }

  private static ClipAnalyzer analyzer(FeatureExtractor extractor) {
    return new ClipAnalyzer(new AudioLoader(AudioLimits.defaults()), extractor);
  }

  private FeatureUpgrade upgrade() {
    return new FeatureUpgrade(
        store, new ClipFiles(clipsDir), analyzer(V3), V3_ID, List.of(V2_ID), 2);
  }

  private FeatureUpgrade.Steps steps(boolean stop) {
    return new FeatureUpgrade.Steps() {
      @Override
      public <T> Future<T> blocking(Callable<T> work) {
        try {
          return Future.succeededFuture(work.call());
        } catch (Exception e) {
          return Future.failedFuture(e);
        }
      }

      @Override
      public void progress(int done, int total) {
        progress.add(new int[] {done, total});
      }

      @Override
      public boolean shouldStop() {
        return stop;
      }
    };
  }

  private static byte[] wav(int n) {
    return TestAudio.wav(TestAudio.tone(220 + 55 * n, 1.0, 100 + n));
  }

  @Test
  void clipsAndVariantsGetTheVectorsAFreshUploadWouldGet() throws Exception {
    byte[] bird = wav(1);
    String birdSha = storeAsV2(bird, "bird", 2, true);
    String dogSha = storeAsV2(wav(2), "dog", 0, true);

    FeatureUpgrade.Outcome outcome = await(upgrade().run(steps(false)));

    assertEquals(2, outcome.clips());
    assertEquals(4, outcome.samples(), "two clips and bird's two variants");
    assertTrue(outcome.missingAudio().isEmpty());
    assertTrue(await(store.all(V2_ID)).isEmpty(), "nothing is left on v2");
    assertEquals(4, await(store.all(V3_ID)).size());
    ClipAnalyzer.Analysis fresh = analyzer(V3).analyze(bird, 2, 0L);
    StoredSample clip = await(store.get(birdSha)).orElseThrow();
    assertEquals(V3_ID, clip.schemaId());
    assertEquals("bird", clip.label());
    assertArrayEquals(fresh.original().values(), clip.features());
    for (int k = 1; k <= 2; k++) {
      assertArrayEquals(
          fresh.augmented().get(k - 1).values(),
          await(store.get(StoredSamples.variantKey(birdSha, k))).orElseThrow().features(),
          "variant " + k + " re-derived from the same seed");
    }
    assertEquals("dog", await(store.get(dogSha)).orElseThrow().label());
    assertEquals(List.of(2, 2), List.of(progress.get(0)[0], progress.get(0)[1]));
  }

  @Test
  void clipsBeyondOneChunkAreAllUpgradedChunkByChunk() throws Exception {
    int count = FeatureUpgrade.CHUNK + 8;
    List<String> shas = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      shas.add(storeAsV2(wav(n), n % 2 == 0 ? "bird" : "dog", 0, n != 5));
    }

    FeatureUpgrade.Outcome outcome = await(upgrade().run(steps(false)));

    assertEquals(count - 1, outcome.clips());
    assertEquals(List.of(shas.get(5)), outcome.missingAudio());
    for (int n = 0; n < count; n++) {
      StoredSample sample = await(store.get(shas.get(n))).orElseThrow();
      assertEquals(n == 5 ? V2_ID : V3_ID, sample.schemaId(), "clip " + n);
      if (n != 5) {
        assertArrayEquals(
            analyzer(V3).analyze(wav(n), 0, 0L).original().values(),
            sample.features(),
            "clip " + n);
      }
    }
    assertEquals(
        List.of(List.of(FeatureUpgrade.CHUNK, count), List.of(count, count)),
        progress.stream().map(p -> List.of(p[0], p[1])).toList());
  }

  @Test
  void aClipWithoutItsAudioStaysOnItsVersionAndIsNamed() throws Exception {
    String kept = storeAsV2(wav(1), "bird", 1, true);
    String lost = storeAsV2(wav(2), "bird", 1, false);
    String broken = storeAsV2(wav(3), "dog", 0, false);
    Files.write(
        Files.createDirectories(clipsDir.resolve("dog")).resolve(broken + ".wav"),
        "not audio at all".getBytes());

    FeatureUpgrade.Outcome outcome = await(upgrade().run(steps(false)));

    assertEquals(1, outcome.clips());
    assertEquals(List.of(lost), outcome.missingAudio());
    assertEquals(List.of(broken), outcome.undecodable());
    assertEquals(V3_ID, await(store.get(kept)).orElseThrow().schemaId());
    assertEquals(V2_ID, await(store.get(lost)).orElseThrow().schemaId());
    assertEquals(
        V2_ID,
        await(store.get(StoredSamples.variantKey(lost, 1))).orElseThrow().schemaId(),
        "a variant follows its clip");
    assertEquals(1, outcome.toJson().getInteger("missing_audio"));
    assertEquals(lost, outcome.toJson().getJsonArray("missing_audio_clips").getString(0));
  }

  @Test
  void aSecondRunHasNothingToDo() throws Exception {
    storeAsV2(wav(1), "bird", 0, true);
    await(upgrade().run(steps(false)));
    FeatureUpgrade.Outcome again = await(upgrade().run(steps(false)));
    assertTrue(again.nothingToDo(), again.toString());
  }

  @Test
  void aStoppedRunChangesNothingAndSaysSo() throws Exception {
    String sha = storeAsV2(wav(1), "bird", 0, true);
    Throwable stopped = assertThrowsFuture(upgrade().run(steps(true)));
    assertInstanceOf(CancellationException.class, stopped);
    assertTrue(stopped.getMessage().contains("0 of 1 clips"), stopped.getMessage());
    assertEquals(V2_ID, await(store.get(sha)).orElseThrow().schemaId());
  }

  private static Throwable assertThrowsFuture(Future<?> future) {
    assertTrue(future.failed(), "the run should have failed");
    return future.cause();
  }
}
