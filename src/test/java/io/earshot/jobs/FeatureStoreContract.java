package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
  void newSamplesAreCountedSinceTheLastTraining() throws Exception {
    assertEquals(0L, await(store.countSinceLastTraining()));
    for (int i = 0; i < 3; i++) {
      await(store.put(sample(i, "bird", "s1")));
    }
    assertEquals(3L, await(store.countSinceLastTraining()));
    await(store.markTrained());
    assertEquals(0L, await(store.countSinceLastTraining()));
    await(store.put(sample(0, "bird", "s1")));
    await(store.put(sample(3, "dog", "s1")));
    assertEquals(1L, await(store.countSinceLastTraining()), "the duplicate does not count");
  }
}
