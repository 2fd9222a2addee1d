package io.earshot.http;

import static io.earshot.pipeline.ClipIngest.OnConflict.KEEP;
import static io.earshot.testing.Await.await;
import static io.earshot.testing.Await.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import io.earshot.http.UploadIngestion.UploadedClip;
import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.SampleInfo;
import io.earshot.jobs.SamplePage;
import io.earshot.jobs.StoredSample;
import io.earshot.jobs.local.LocalFeatureStore;
import io.earshot.pipeline.ClipAnalyzer;
import io.earshot.pipeline.ClipIngest;
import io.earshot.testing.TestAudio;
import io.earshot.training.DatasetVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads without HTTP: a folder far larger than the pool's queue goes through, and a failure at
 * each step after admission (read, decode, store, a thrown exception, the raw clip's write, the
 * counts) rejects what it must and gives every worker slot back.
 */
class UploadIngestionTest {
  private static final int THREADS = 2;
  private static final int QUEUE = 3;
  private static final FeatureExtractor EXTRACTOR = new FeatureExtractor();

  @TempDir Path dir;
  private Vertx vertx;
  private BoundedWorkers workers;
  private FlakyStore store;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    workers = new BoundedWorkers(vertx, THREADS, QUEUE, 1);
    store = new FlakyStore();
  }

  @AfterEach
  void stop() throws Exception {
    workers.close();
    await(vertx.close());
  }

  @Test
  void aFolderManyTimesLargerThanThePoolIsStoredWhole() throws Exception {
    List<UploadedClip> files = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      files.add(clip("c" + i + ".wav", TestAudio.wav(TestAudio.tone(200 + 5 * i, 0.25, i))));
    }
    UploadIngestion.Report report = await(ingestion(dir.resolve("clips")).ingest(files, 0, KEEP));
    assertEquals(60, report.accepted().size(), report.toJson().encode());
    assertEquals(200, report.status());
    assertEquals(Map.of("tones", 60L), report.counts());
    assertEquals("c59.wav", report.accepted().getJsonObject(59).getString("filename"));
    try (var kept = Files.list(dir.resolve("clips/tones"))) {
      assertEquals(60, kept.count(), "each raw clip kept under its label");
    }
    assertFullCapacityIsBack();
  }

  /** An instance killed between storing a clip's features and writing the clip left no file. */
  @Test
  void aDuplicateWhoseRawClipIsMissingWritesItAgainUnderItsOwnLabelOnly() throws Exception {
    byte[] wav = TestAudio.wav(TestAudio.tone(440, 0.5, 7));
    Path clipsDir = dir.resolve("clips");
    await(ingestion(clipsDir).ingest(List.of(clip("first.wav", wav)), 0, KEEP));
    Path kept;
    try (var files = Files.list(clipsDir.resolve("tones"))) {
      kept = files.findFirst().orElseThrow();
    }
    Files.delete(kept);

    UploadIngestion.Report again =
        await(ingestion(clipsDir).ingest(List.of(clip("again.wav", wav)), 0, KEEP));
    assertEquals(
        "duplicate",
        again.accepted().getJsonObject(0).getString("outcome"),
        again.toJson().encode());
    assertTrue(Files.exists(kept), "the duplicate wrote the missing raw clip");

    Path uploads = Files.createDirectories(dir.resolve("uploads"));
    UploadedClip relabelled =
        new UploadedClip(Files.write(uploads.resolve("other.wav"), wav), "other.wav", "birds");
    UploadIngestion.Report conflict =
        await(ingestion(clipsDir).ingest(List.of(relabelled), 0, KEEP));
    assertEquals(1, conflict.rejected().size(), "a label_conflict: " + conflict.toJson().encode());
    assertFalse(Files.exists(clipsDir.resolve("birds")), "a clip stored as tones stays out");
    assertFullCapacityIsBack();
  }

  @Test
  void aFileThatCannotBeReadIsRejectedAndItsSlotComesBack() throws Exception {
    UploadedClip gone = new UploadedClip(dir.resolve("uploads/gone"), "gone.wav", "tones");
    JsonObject rejected = onlyRejection(ingest(List.of(gone, goodClip())));
    assertEquals("gone.wav", rejected.getString("filename"));
    assertTrue(rejected.getString("reason").contains("logged"), rejected.encode());
    assertFullCapacityIsBack();
  }

  @Test
  void aFileThatCannotBeDecodedIsRejectedWithTheReasonAndItsSlotComesBack() throws Exception {
    UploadedClip junk = clip("junk.wav", "not audio".getBytes(StandardCharsets.UTF_8));
    JsonObject rejected = onlyRejection(ingest(List.of(junk, goodClip())));
    assertTrue(rejected.getString("reason").contains("WAV"), rejected.encode());
    assertFullCapacityIsBack();
  }

  @Test
  void aStoreThatFailsRejectsTheClipsAndTheSlotsComeBack() throws Exception {
    store.put = sample -> Future.failedFuture(new IllegalStateException("redis down"));
    UploadIngestion.Report report = ingest(List.of(goodClip(), goodClip()));
    assertEquals(2, report.rejected().size());
    assertEquals(422, report.status(), "nothing stored: the client must retry or fix something");
    assertFullCapacityIsBack();
  }

  @Test
  void aStoreThatThrowsRejectsTheClipAndTheSlotsComeBack() throws Exception {
    store.put =
        sample -> {
          throw new IllegalStateException("bug in the store");
        };
    assertEquals(1, ingest(List.of(goodClip())).rejected().size());
    assertFullCapacityIsBack();
  }

  @Test
  void aRawClipThatCannotBeWrittenIsRejectedAndItsSlotComesBack() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("clips"), "a file where the folder goes");
    UploadIngestion.Report report =
        await(ingestion(notAFolder).ingest(List.of(goodClip()), 0, KEEP));
    assertEquals(1, report.rejected().size(), report.toJson().encode());
    assertFullCapacityIsBack();
  }

  @Test
  void countsThatFailAfterTheClipsFailTheUploadAndTheSlotsComeBack() throws Exception {
    store.counts = () -> Future.failedFuture(new IllegalStateException("redis down"));
    Throwable failure =
        failureOf(ingestion(dir.resolve("clips")).ingest(List.of(goodClip()), 0, KEEP));
    assertEquals("redis down", failure.getMessage());
    assertFullCapacityIsBack();
  }

  @Test
  void reUploadingIsIdempotentAndKeepsNoSecondRawClip() throws Exception {
    UploadedClip first = goodClip();
    ingest(List.of(first));
    UploadIngestion.Report again =
        ingest(List.of(clip("renamed.wav", Files.readAllBytes(first.path()))));
    assertTrue(again.accepted().getJsonObject(0).getBoolean("duplicate"));
    try (var kept = Files.list(dir.resolve("clips/tones"))) {
      assertEquals(1, kept.count());
    }
    assertFullCapacityIsBack();
  }

  private UploadIngestion.Report ingest(List<UploadedClip> files) throws Exception {
    return await(ingestion(dir.resolve("clips")).ingest(files, 0, KEEP));
  }

  private UploadIngestion ingestion(Path clipsDir) {
    ClipIngest clips =
        new ClipIngest(
            new ClipAnalyzer(new AudioLoader(AudioLimits.defaults()), EXTRACTOR), clipsDir);
    // auto-retrain off: no job queue is asked for
    return new UploadIngestion(workers, clips, EXTRACTOR.schema().id(), store, null, 0);
  }

  private static JsonObject onlyRejection(UploadIngestion.Report report) {
    assertEquals(1, report.accepted().size(), report.toJson().encode());
    assertEquals(1, report.rejected().size(), report.toJson().encode());
    return report.rejected().getJsonObject(0);
  }

  private int seed;

  private UploadedClip goodClip() throws Exception {
    seed++;
    return clip("good" + seed + ".wav", TestAudio.wav(TestAudio.tone(300 + seed, 0.5, seed)));
  }

  private UploadedClip clip(String name, byte[] bytes) throws Exception {
    Path uploads = Files.createDirectories(dir.resolve("uploads"));
    return new UploadedClip(Files.write(uploads.resolve(name), bytes), name, "tones");
  }

  private void assertFullCapacityIsBack() {
    WorkerPermitTest.assertFullCapacityIsBack(workers);
  }

  /** An in-process store whose put and counts a test can make fail. */
  private static final class FlakyStore implements FeatureStore {
    private final LocalFeatureStore real = new LocalFeatureStore();
    Function<StoredSample, Future<Boolean>> put = real::put;
    java.util.function.Supplier<Future<Map<String, Long>>> counts = real::counts;

    @Override
    public Future<Boolean> put(StoredSample sample) {
      return put.apply(sample);
    }

    @Override
    public Future<Optional<StoredSample>> get(String sha256) {
      return real.get(sha256);
    }

    @Override
    public Future<List<StoredSample>> all(String schemaId) {
      return real.all(schemaId);
    }

    @Override
    public Future<Map<String, Long>> counts() {
      return counts.get();
    }

    @Override
    public Future<Long> countSinceLastTraining() {
      return real.countSinceLastTraining();
    }

    @Override
    public Future<Void> markTrained(DatasetVersion dataset) {
      return real.markTrained(dataset);
    }

    @Override
    public Future<Optional<DatasetVersion>> dataset(String version) {
      return real.dataset(version);
    }

    @Override
    public Future<List<String>> missingClips(List<String> sha256s) {
      return real.missingClips(sha256s);
    }

    @Override
    public Future<SamplePage> clips(String label, int offset, int limit) {
      return real.clips(label, offset, limit);
    }

    @Override
    public Future<Optional<SampleInfo>> info(String sha256) {
      return real.info(sha256);
    }

    @Override
    public Future<List<String>> clipsLabelled(String label) {
      return real.clipsLabelled(label);
    }

    @Override
    public Future<Optional<String>> relabel(String clipSha256, String label) {
      return real.relabel(clipSha256, label);
    }

    @Override
    public Future<Integer> replaceFeatures(
        String fromSchemaId, String toSchemaId, Map<String, float[]> features) {
      return real.replaceFeatures(fromSchemaId, toSchemaId, features);
    }

    @Override
    public Future<List<String>> delete(List<String> clipSha256s) {
      return real.delete(clipSha256s);
    }
  }
}
