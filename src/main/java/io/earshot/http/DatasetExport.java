package io.earshot.http;

import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.SampleInfo;
import io.earshot.pipeline.ClipFiles;
import io.earshot.pipeline.DatasetArchive;
import io.earshot.pipeline.DatasetManifest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/datasets/export}: every clip of the store as {@code label/sha256.ext} in a
 * tar, after a {@code manifest.json}. The clips are listed from the store (the truth for labels),
 * their files found on disk in one walk, then the archive is written on a worker thread straight
 * into the response, one clip at a time, at the pace the client reads.
 */
final class DatasetExport {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetExport.class);
  private static final int PAGE = 500;

  private final Vertx vertx;
  private final FeatureStore store;
  private final ClipFiles files;
  private final Duration stall;

  /** The manifest, and the files to write in its order. */
  record Plan(DatasetManifest manifest, List<DatasetArchive.Entry> entries) {}

  /**
   * @param stall how long a client may read nothing before the export is abandoned
   */
  DatasetExport(Vertx vertx, FeatureStore store, ClipFiles files, Duration stall) {
    this.vertx = vertx;
    this.store = store;
    this.files = files;
    this.stall = stall;
  }

  /**
   * What to write: each clip under its stored label, oldest first; a clip whose audio is not on
   * this instance goes to the manifest's {@code missing_audio}. Blocking (file sizes).
   */
  static Plan plan(List<SampleInfo> clips, Map<String, Path> audio, Instant now)
      throws IOException {
    List<DatasetManifest.Item> items = new ArrayList<>();
    List<DatasetArchive.Entry> entries = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<SampleInfo> oldestFirst = new ArrayList<>(clips);
    Collections.reverse(oldestFirst);
    for (SampleInfo clip : oldestFirst) {
      Path file = audio.get(clip.sha256());
      if (file == null || !Files.isRegularFile(file)) {
        missing.add(clip.sha256());
        continue;
      }
      String name = file.getFileName().toString();
      String entry = clip.label() + "/" + clip.sha256() + name.substring(name.indexOf('.'));
      items.add(
          new DatasetManifest.Item(
              entry,
              clip.sha256(),
              clip.label(),
              clip.filename(),
              clip.durationSeconds(),
              clip.uploadedAt(),
              Files.size(file)));
      entries.add(new DatasetArchive.Entry(entry, file));
    }
    return new Plan(new DatasetManifest(now, items, missing), entries);
  }

  /** Every clip of the store, newest first, read a page at a time. */
  static Future<List<SampleInfo>> allClips(FeatureStore store) {
    return pages(store, 0, new LinkedHashMap<>());
  }

  private static Future<List<SampleInfo>> pages(
      FeatureStore store, int offset, Map<String, SampleInfo> seen) {
    return store
        .clips(null, offset, PAGE)
        .compose(
            page -> {
              // keyed by hash: an upload during the listing shifts the pages by one
              page.items().forEach(info -> seen.putIfAbsent(info.sha256(), info));
              return page.items().size() < PAGE
                  ? Future.succeededFuture(List.copyOf(seen.values()))
                  : pages(store, offset + PAGE, seen);
            });
  }

  /**
   * Starts the response once the plan is made, so a store that does not answer is still a problem
   * reply; a failure after the first byte can only cut the connection, which a client sees as a
   * broken download rather than a whole-looking archive.
   *
   * @return fails only while nothing has been written, so the caller can still answer a problem
   */
  Future<Void> send(HttpServerResponse response) {
    return allClips(store)
        .compose(
            clips -> vertx.executeBlocking(() -> plan(clips, files.index(), Instant.now()), false))
        .compose(
            plan -> {
              String version = plan.manifest().dataset().version();
              response
                  .setChunked(true)
                  .putHeader("Content-Type", "application/x-tar")
                  .putHeader(
                      "Content-Disposition",
                      "attachment; filename=\"earshot-dataset-"
                          + version.substring(0, 12)
                          + ".tar\"");
              return vertx
                  .executeBlocking(() -> write(response, plan), false)
                  .compose(written -> response.end())
                  .recover(
                      failure -> {
                        if (!response.headWritten()) {
                          return Future.failedFuture(failure);
                        }
                        LOG.info("dataset export stopped: {}", failure.getMessage());
                        response.reset();
                        return Future.succeededFuture();
                      });
            });
  }

  private List<String> write(HttpServerResponse response, Plan plan) throws IOException {
    try (ResponseOutputStream out = new ResponseOutputStream(response, stall)) {
      return DatasetArchive.write(
          out, plan.manifest().toJson(), plan.manifest().exportedAt(), plan.entries());
    }
  }
}
