package io.earshot.http;

import io.earshot.jobs.FeatureStore;
import io.earshot.pipeline.ClipIngest.OnConflict;
import io.earshot.pipeline.DatasetArchive;
import io.earshot.pipeline.DatasetArchive.BadArchiveException;
import io.earshot.pipeline.DatasetManifest;
import io.earshot.training.DatasetVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code POST /api/v1/datasets/import}: a dataset archive's clips through the same ingestion as an
 * upload. The archive is checked whole and unpacked into a staging folder on a worker thread before
 * anything is stored, so a bad archive (not a tar, an entry that climbs out or sits outside a label
 * folder, a clip over the size limit) is refused with nothing changed; then each clip is created, a
 * duplicate, or a label conflict, exactly as if it had been uploaded under its folder's label and
 * the name the manifest gives it. The staging folder is deleted however the import ends.
 */
final class DatasetImport {
  private final Vertx vertx;
  private final UploadIngestion ingestion;
  private final FeatureStore store;
  private final Path uploads;
  private final long maxClipBytes;

  /**
   * @param uploads where the staging folders go ({@code DATA_DIR/uploads})
   * @param maxClipBytes the largest clip ({@code max_upload_bytes})
   */
  DatasetImport(
      Vertx vertx, UploadIngestion ingestion, FeatureStore store, Path uploads, long maxClipBytes) {
    this.vertx = vertx;
    this.ingestion = ingestion;
    this.store = store;
    this.uploads = uploads;
    this.maxClipBytes = maxClipBytes;
  }

  /** The ingestion's report, the reply's status, and the dataset after the import. */
  record Outcome(int status, JsonObject body) {}

  Future<Outcome> run(Path archive, int augment, OnConflict onConflict) {
    Path staging = uploads.resolve("import-" + UUID.randomUUID());
    return vertx
        .executeBlocking(() -> unpack(archive, staging), false)
        .compose(clips -> ingestion.ingest(clips, augment, onConflict))
        .compose(
            report ->
                DatasetExport.allClips(store)
                    .map(
                        clips -> {
                          DatasetVersion dataset =
                              DatasetVersion.of(
                                  clips.stream()
                                      .map(c -> new DatasetVersion.Pair(c.sha256(), c.label()))
                                      .toList());
                          return new Outcome(
                              report.status(),
                              report
                                  .toJson()
                                  .put("dataset_version", dataset.version())
                                  .put("clips", clips.size()));
                        }))
        .eventually(() -> vertx.executeBlocking(() -> deleteTree(staging), false));
  }

  private List<UploadIngestion.UploadedClip> unpack(Path archive, Path staging) throws IOException {
    Files.createDirectories(staging);
    DatasetArchive.Unpacked unpacked;
    try (InputStream in = Files.newInputStream(archive)) {
      unpacked = DatasetArchive.unpack(in, staging, maxClipBytes);
    } catch (BadArchiveException e) {
      throw new ProblemException(
          e.tooLarge()
              ? Problem.of(413, "archive-entry-too-large", "Clip too large", e.getMessage())
              : Problem.of(400, "bad-archive", "Not a dataset archive", e.getMessage()));
    }
    Map<String, String> names;
    try {
      names =
          unpacked.manifest() == null ? Map.of() : DatasetManifest.filenames(unpacked.manifest());
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.of(400, "bad-archive", "Not a dataset archive", e.getMessage()));
    }
    return unpacked.clips().stream()
        .map(
            clip ->
                new UploadIngestion.UploadedClip(
                    clip.staged(), names.getOrDefault(clip.entry(), clip.filename()), clip.label()))
        .toList();
  }

  private static Void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return null;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
    return null;
  }
}
