package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.jobs.local.LocalFeatureStore;
import io.earshot.training.DatasetVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process store opened on a directory: same contract, and it survives a restart. */
class JournaledFeatureStoreTest extends FeatureStoreContract {

  @TempDir Path dir;

  @Override
  Future<FeatureStore> createStore(Vertx vertx) {
    return LocalFeatureStore.open(vertx, dir).map(store -> store);
  }

  @Override
  Future<Void> closeBackEnd() {
    return Future.succeededFuture();
  }

  @Test
  void samplesAndTheTrainingMarkSurviveAReopen() throws Exception {
    await(store.put(sample(1, "bird", "s1")));
    await(store.put(sample(2, "dog", "s1")));
    DatasetVersion read = datasetOf(await(store.all("s1")));
    await(store.markTrained(read));
    await(store.put(sample(3, "dog", "s1")));
    await(store.put(sample(4, "cat", "s1")));
    await(store.relabel(sha(2), "wolf"));
    await(store.delete(List.of(sha(4))));

    FeatureStore reopened = await(LocalFeatureStore.open(vertx, dir));
    assertEquals(Map.of("bird", 1L, "dog", 1L, "wolf", 1L), await(reopened.counts()));
    assertEquals(2L, await(reopened.countSinceLastTraining()), "clip 3, and clip 2 relabelled");
    assertEquals(sample(3, "dog", "s1"), await(reopened.get(sha(3))).orElseThrow());
    assertEquals("wolf", await(reopened.get(sha(2))).orElseThrow().label());
    assertTrue(await(reopened.get(sha(4))).isEmpty());
    assertEquals(Optional.of(read), await(reopened.dataset(read.version())));
    assertFalse(await(reopened.put(sample(1, "cat", "s1"))), "still idempotent after reopening");
  }

  @Test
  void anUpgradeSurvivesAReopenAfterTheChangesBeforeIt() throws Exception {
    await(store.put(sample(1, "bird", "s1")));
    await(store.put(sample(2, "dog", "s1")));
    await(store.relabel(sha(1), "owl"));
    await(store.replaceFeatures("s1", "s2", Map.of(sha(1), new float[] {5, 6})));
    await(store.relabel(sha(1), "hawk"));

    FeatureStore reopened = await(LocalFeatureStore.open(vertx, dir));
    StoredSample one = await(reopened.get(sha(1))).orElseThrow();
    assertEquals("hawk", one.label());
    assertEquals("s2", one.schemaId());
    assertEquals(List.of(one), await(reopened.all("s2")));
    assertEquals(List.of(sample(2, "dog", "s1")), await(reopened.all("s1")));
  }

  @Test
  void aJournalOfMostlySupersededLinesIsRewrittenAsItsStateOnOpen() throws Exception {
    await(store.put(sample(1, "bird", "s1")));
    await(store.put(sample(2, "dog", "s1")));
    await(store.put(sample(3, "cat", "s1")));
    DatasetVersion read = datasetOf(await(store.all("s1")));
    await(store.markTrained(read));
    for (int i = 0; i < 10; i++) {
      // relabelled away and back: a clip no training has read under its label any more
      await(store.relabel(sha(2), "wolf"));
      await(store.relabel(sha(2), "dog"));
    }
    await(store.replaceFeatures("s1", "s2", Map.of(sha(1), new float[] {5, 6})));
    await(store.delete(List.of(sha(3))));
    Path file = dir.resolve("samples.jsonl");
    assertEquals(26, Files.readAllLines(file).size());

    assertSameState(store, await(LocalFeatureStore.open(vertx, dir)), read);
    assertEquals(4, Files.readAllLines(file).size(), "two samples, one dataset, the marks");
    assertFalse(Files.exists(dir.resolve("samples.jsonl.compacting")));
    FeatureStore fromRewrite = await(LocalFeatureStore.open(vertx, dir));
    assertSameState(store, fromRewrite, read);

    await(fromRewrite.put(sample(4, "owl", "s1")));
    FeatureStore again = await(LocalFeatureStore.open(vertx, dir));
    assertEquals(5, Files.readAllLines(file).size(), "appended after the rewrite, not rewritten");
    assertEquals(Map.of("bird", 1L, "dog", 1L, "owl", 1L), await(again.counts()));
    assertEquals(2L, await(again.countSinceLastTraining()), "dog (relabelled) and owl");
  }

  @Test
  void aRewriteCutShortByACrashLeavesTheOldJournal() throws Exception {
    await(store.put(sample(1, "bird", "s1")));
    Files.writeString(dir.resolve("samples.jsonl.compacting"), "{\"sha256\": \"ab");
    FeatureStore reopened = await(LocalFeatureStore.open(vertx, dir));
    assertEquals(List.of(sample(1, "bird", "s1")), await(reopened.all("s1")));
    assertFalse(Files.exists(dir.resolve("samples.jsonl.compacting")));
  }

  private void assertSameState(FeatureStore before, FeatureStore after, DatasetVersion read)
      throws Exception {
    assertEquals(await(before.counts()), await(after.counts()));
    assertEquals(await(before.countSinceLastTraining()), await(after.countSinceLastTraining()));
    assertEquals(1L, await(after.countSinceLastTraining()), "dog, relabelled since training");
    assertEquals(Optional.of(read), await(after.dataset(read.version())));
    for (String schema : List.of("s1", "s2")) {
      assertEquals(
          new java.util.HashSet<>(await(before.all(schema))),
          new java.util.HashSet<>(await(after.all(schema))),
          schema);
    }
    assertTrue(await(after.get(sha(3))).isEmpty());
  }

  @Test
  void theTrainingMarkOfAnOlderVersionIsStillRead() throws Exception {
    await(store.put(sample(1, "bird", "s1")));
    await(store.put(sample(2, "dog", "s1")));
    await(store.put(sample(3, "dog", "s1")));
    Files.writeString(dir.resolve("trained"), "2");

    FeatureStore reopened = await(LocalFeatureStore.open(vertx, dir));
    assertEquals(1L, await(reopened.countSinceLastTraining()));
  }

  @Test
  void aLineTornByACrashIsSkipped() throws Exception {
    await(store.put(sample(1, "bird", "s1")));
    Files.writeString(dir.resolve("samples.jsonl"), "{\"sha256\": \"ab", StandardOpenOption.APPEND);

    FeatureStore reopened = await(LocalFeatureStore.open(vertx, dir));
    assertEquals(List.of(sample(1, "bird", "s1")), await(reopened.all("s1")));
    await(reopened.put(sample(2, "dog", "s1")));
    FeatureStore again = await(LocalFeatureStore.open(vertx, dir));
    assertEquals(
        List.of(sample(1, "bird", "s1"), sample(2, "dog", "s1")),
        await(again.all("s1")),
        "the sample written after the torn line is intact");
  }
}
