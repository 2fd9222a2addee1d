package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.training.DatasetVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link FeatureStore} back end must show. */
abstract class FeatureStoreContract {

  static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");

  Vertx vertx;
  FeatureStore store;

  abstract Future<FeatureStore> createStore(Vertx vertx);

  abstract Future<Void> closeBackEnd();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    store = await(createStore(vertx));
  }

  @AfterEach
  void stop() throws Exception {
    await(closeBackEnd());
    await(vertx.close());
  }

  static String sha(int n) {
    return CanonicalJson.sha256("clip-" + n);
  }

  static StoredSample sample(int n, String label, String schema) {
    return new StoredSample(
        sha(n), label, schema, new float[] {n, n / 2f, -n}, "clip" + n + ".wav", AT);
  }

  @Test
  void reUploadingTheSameClipChangesNothing() throws Exception {
    assertTrue(await(store.put(sample(1, "bird", "s1"))));
    assertFalse(await(store.put(sample(1, "dog", "s1"))), "same SHA-256, other label");
    assertEquals("bird", await(store.get(sha(1))).orElseThrow().label());
    assertEquals(Map.of("bird", 1L), await(store.counts()));
    assertEquals(1L, await(store.countSinceLastTraining()));
  }

  @Test
  void featuresComeBackBitForBit() throws Exception {
    float[] awkward = {
      0f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, Float.NEGATIVE_INFINITY, 1e-7f, 440.5f
    };
    StoredSample stored =
        new StoredSample(sha(7), "gunshot", "s1", awkward, "field recording.mp3", AT);
    await(store.put(stored));
    assertEquals(stored, await(store.get(sha(7))).orElseThrow());
    assertEquals(List.of(stored), await(store.all("s1")));
    assertTrue(await(store.get(sha(8))).isEmpty());
  }

  @Test
  void allReturnsEverySampleOfTheSchemaOnly() throws Exception {
    int many = 1_234;
    for (int i = 0; i < many; i++) {
      await(store.put(sample(i, i % 3 == 0 ? "bird" : "dog", "s1")));
    }
    await(store.put(sample(many, "bird", "s2")));

    List<StoredSample> s1 = await(store.all("s1"));
    assertEquals(many, s1.size());
    Set<String> distinct = new HashSet<>();
    s1.forEach(sample -> distinct.add(sample.sha256()));
    assertEquals(many, distinct.size());
    assertEquals(List.of(sample(many, "bird", "s2")), await(store.all("s2")));
    assertTrue(await(store.all("unknown")).isEmpty());
    assertEquals(Map.of("bird", 412L + 1, "dog", 822L), await(store.counts()));
  }

  @Test
  void augmentedVariantsAreStoredForTrainingButNotCountedAsClips() throws Exception {
    StoredSample clip = sample(7, "bird", "s1");
    StoredSample variant =
        new StoredSample(
            StoredSamples.variantKey(clip.sha256(), 1),
            "bird",
            "s1",
            new float[] {1, 2, 3},
            StoredSamples.variantFilename(clip.sha256(), 1),
            AT);
    assertTrue(await(store.put(clip)));
    assertTrue(await(store.put(variant)));
    assertEquals(Map.of("bird", 1L), await(store.counts()));
    assertEquals(1L, await(store.countSinceLastTraining()));
    assertEquals(2, await(store.all("s1")).size());
    assertEquals(
        List.of(clip.sha256(), clip.sha256()),
        StoredSamples.toLabeled(await(store.all("s1")), 1).stream()
            .map(io.earshot.training.LabeledSample::clipId)
            .toList(),
        "the variant trains under its clip's id");
    assertEquals(1, StoredSamples.toLabeled(await(store.all("s1")), 0).size());
  }

  @Test
  void anUpgradeReplacesVectorsAndSchemaButKeepsLabelsListingsAndMarks() throws Exception {
    StoredSample clip = sample(7, "bird", "s1");
    String variantKey = StoredSamples.variantKey(clip.sha256(), 1);
    await(store.put(clip));
    await(
        store.put(
            new StoredSample(
                variantKey,
                "bird",
                "s1",
                new float[] {1, 2, 3},
                StoredSamples.variantFilename(clip.sha256(), 1),
                AT)));
    await(store.put(sample(8, "dog", "s1")));
    await(
        store.markTrained(
            DatasetVersion.ofSamples(StoredSamples.toLabeled(await(store.all("s1")), 0))));
    await(store.relabel(sha(7), "owl"));

    int changed =
        await(
            store.replaceFeatures(
                "s1",
                "s2",
                Map.of(
                    sha(7),
                    new float[] {9, 9},
                    variantKey,
                    new float[] {8, 8},
                    sha(99),
                    new float[] {1})));

    assertEquals(2, changed, "the clip and its variant; an unknown hash is skipped");
    StoredSample upgraded = await(store.get(sha(7))).orElseThrow();
    assertEquals("s2", upgraded.schemaId());
    assertArrayEquals(new float[] {9, 9}, upgraded.features());
    assertEquals("owl", upgraded.label(), "the relabel made before the upgrade is kept");
    assertEquals(AT, upgraded.at());
    assertEquals("owl", await(store.get(variantKey)).orElseThrow().label());
    assertEquals(List.of(sample(8, "dog", "s1")), await(store.all("s1")), "only dog is left on s1");
    assertEquals(2, await(store.all("s2")).size());
    assertEquals(Map.of("owl", 1L, "dog", 1L), await(store.counts()), "counted once, as before");
    assertEquals(1L, await(store.countSinceLastTraining()), "the relabelled clip, as before");
    assertEquals(1, await(store.clips("owl", 0, 10)).items().size());

    assertEquals(
        0,
        await(store.replaceFeatures("s1", "s2", Map.of(sha(7), new float[] {1, 1}))),
        "a sample already upgraded is left alone");
    assertArrayEquals(new float[] {9, 9}, await(store.get(sha(7))).orElseThrow().features());
  }

  @Test
  void anUpgradeNeverBringsBackADeletedClip() throws Exception {
    await(store.put(sample(7, "bird", "s1")));
    await(store.delete(List.of(sha(7))));
    assertEquals(0, await(store.replaceFeatures("s1", "s2", Map.of(sha(7), new float[] {1}))));
    assertTrue(await(store.get(sha(7))).isEmpty());
    assertTrue(await(store.all("s2")).isEmpty());
  }

  @Test
  void newSamplesAreCountedSinceTheLastTraining() throws Exception {
    assertEquals(0L, await(store.countSinceLastTraining()));
    for (int i = 0; i < 3; i++) {
      await(store.put(sample(i, "bird", "s1")));
    }
    assertEquals(3L, await(store.countSinceLastTraining()));
    await(store.markTrained(datasetOf(await(store.all("s1")))));
    assertEquals(0L, await(store.countSinceLastTraining()));
    await(store.put(sample(0, "bird", "s1")));
    await(store.put(sample(3, "dog", "s1")));
    assertEquals(1L, await(store.countSinceLastTraining()), "the duplicate does not count");
  }

  static DatasetVersion datasetOf(List<StoredSample> samples) {
    return DatasetVersion.of(
        samples.stream()
            .filter(s -> !s.isAugmentedVariant())
            .map(s -> new DatasetVersion.Pair(s.sha256(), s.label()))
            .toList());
  }

  static StoredSample variant(StoredSample clip, int k) {
    return new StoredSample(
        StoredSamples.variantKey(clip.sha256(), k),
        clip.label(),
        clip.schemaId(),
        new float[] {k, k, k},
        StoredSamples.variantFilename(clip.sha256(), k),
        clip.at());
  }

  static StoredSample sampleAt(int n, String label, int secondsLater) {
    return new StoredSample(
        sha(n),
        label,
        "s1",
        new float[] {n},
        "clip" + n + ".wav",
        AT.plusSeconds(secondsLater),
        1.5 + n);
  }

  @Test
  void aRelabelMovesTheClipAndItsVariantsAtOnce() throws Exception {
    StoredSample clip = sample(1, "vehicle", "s1");
    await(store.put(clip));
    await(store.put(variant(clip, 1)));
    await(store.put(variant(clip, 2)));
    await(store.put(sample(2, "vehicle", "s1")));

    assertEquals(Optional.of("vehicle"), await(store.relabel(sha(1), "wind")));

    assertEquals(Map.of("vehicle", 1L, "wind", 1L), await(store.counts()));
    for (StoredSample s : await(store.all("s1"))) {
      assertEquals(s.clipSha256().equals(sha(1)) ? "wind" : "vehicle", s.label(), s.filename());
    }
    assertEquals(List.of(sha(1)), await(store.clipsLabelled("wind")));
    assertEquals(List.of(sha(2)), await(store.clipsLabelled("vehicle")));
    assertEquals(Optional.of("wind"), await(store.relabel(sha(1), "wind")), "no change");
    assertEquals(Map.of("vehicle", 1L, "wind", 1L), await(store.counts()));
  }

  @Test
  void onlyAStoredClipCanBeRelabelled() throws Exception {
    StoredSample clip = sample(1, "bird", "s1");
    await(store.put(clip));
    await(store.put(variant(clip, 1)));
    assertTrue(await(store.relabel(sha(9), "dog")).isEmpty(), "unknown");
    assertTrue(await(store.relabel(variant(clip, 1).sha256(), "dog")).isEmpty(), "a variant alone");
    assertEquals(Map.of("bird", 1L), await(store.counts()));
  }

  @Test
  void aDeleteTakesClipsWithTheirVariantsAndSkipsUnknownOnes() throws Exception {
    StoredSample one = sample(1, "bird", "s1");
    await(store.put(one));
    await(store.put(variant(one, 1)));
    await(store.put(sample(2, "bird", "s1")));
    await(store.put(sample(3, "dog", "s1")));

    assertEquals(
        List.of(sha(1), sha(3)),
        await(store.delete(List.of(sha(1), sha(9), sha(3), sha(1), variant(one, 1).sha256()))));

    assertEquals(Map.of("bird", 1L), await(store.counts()));
    assertEquals(List.of(sample(2, "bird", "s1")), await(store.all("s1")));
    assertTrue(await(store.get(variant(one, 1).sha256())).isEmpty());
    assertTrue(await(store.clipsLabelled("dog")).isEmpty());
    assertEquals(1, await(store.clips(null, 0, 10)).total());
    assertEquals(List.of(), await(store.delete(List.of(sha(1)))), "already gone");
    assertTrue(await(store.put(one)), "a deleted clip can be uploaded again");
  }

  @Test
  void clipsAreListedNewestFirstPageByPageWithoutVariants() throws Exception {
    for (int i = 0; i < 5; i++) {
      StoredSample clip = sampleAt(i, i % 2 == 0 ? "bird" : "dog", i);
      await(store.put(clip));
      await(store.put(variant(clip, 1)));
    }
    SamplePage first = await(store.clips(null, 0, 2));
    assertEquals(5, first.total());
    assertEquals(List.of(sha(4), sha(3)), first.items().stream().map(SampleInfo::sha256).toList());
    SamplePage birds = await(store.clips("bird", 2, 2));
    assertEquals(3, birds.total());
    assertEquals(
        List.of(new SampleInfo(sha(0), "bird", "clip0.wav", 1.5, AT, false)), birds.items());
    assertEquals(0, await(store.clips("cat", 0, 10)).total());
    assertEquals(
        Optional.of(new SampleInfo(sha(3), "dog", "clip3.wav", 4.5, AT.plusSeconds(3), false)),
        await(store.info(sha(3))));
    assertTrue(await(store.info(sha(9))).isEmpty());
  }

  @Test
  void theCountSinceTrainingFollowsRelabelsAndDeletes() throws Exception {
    for (int i = 0; i < 4; i++) {
      await(store.put(sample(i, "bird", "s1")));
    }
    DatasetVersion read = datasetOf(await(store.all("s1")));
    await(store.put(sample(4, "bird", "s1")));
    await(store.markTrained(read));
    assertEquals(1L, await(store.countSinceLastTraining()), "uploaded during the training");
    assertTrue(await(store.info(sha(0))).orElseThrow().trained());
    assertFalse(await(store.info(sha(4))).orElseThrow().trained());

    await(store.relabel(sha(0), "dog"));
    assertEquals(2L, await(store.countSinceLastTraining()), "a relabelled clip is new data");
    assertFalse(await(store.info(sha(0))).orElseThrow().trained());
    await(store.delete(List.of(sha(4))));
    assertEquals(1L, await(store.countSinceLastTraining()), "an untrained clip deleted");
    await(store.delete(List.of(sha(1))));
    assertEquals(1L, await(store.countSinceLastTraining()), "a trained clip deleted");
  }

  @Test
  void aTrainingMarksOnlyClipsWhoseLabelItRead() throws Exception {
    await(store.put(sample(1, "bird", "s1")));
    await(store.put(sample(2, "bird", "s1")));
    DatasetVersion read = datasetOf(await(store.all("s1")));
    await(store.relabel(sha(2), "dog"));
    await(store.markTrained(read));
    assertEquals(1L, await(store.countSinceLastTraining()));
    assertFalse(await(store.info(sha(2))).orElseThrow().trained());
  }

  @Test
  void aRecordedDatasetComesBackWhole() throws Exception {
    await(store.put(sample(1, "bird", "s1")));
    await(store.put(sample(2, "dog", "s1")));
    DatasetVersion read = datasetOf(await(store.all("s1")));
    await(store.markTrained(read));
    await(store.delete(List.of(sha(1))));
    await(store.markTrained(read));

    assertEquals(Optional.of(read), await(store.dataset(read.version())));
    assertEquals(Map.of("bird", 1L, "dog", 1L), read.counts());
    assertTrue(await(store.dataset("0".repeat(64))).isEmpty());
  }
}
