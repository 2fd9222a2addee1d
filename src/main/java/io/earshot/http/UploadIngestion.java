package io.earshot.http;

import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.JobQueue;
import io.earshot.jobs.StoredSample;
import io.earshot.jobs.StoredSamples;
import io.earshot.pipeline.ClipIngest;
import io.earshot.pipeline.ClipIngest.OnConflict;
import io.earshot.pipeline.ClipIngest.PreparedClip;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upload's clips through the worker pool and into the feature store, without HTTP: features
 * computed once per clip ({@link ClipIngest}), stored by the clip's SHA-256 (re-uploading is
 * idempotent), the raw clip kept on disk when new, then the dataset counts and, past the threshold,
 * an automatic retrain. Each file is accepted or rejected on its own.
 *
 * <p>The upload holds at most one worker slot per pool thread for its whole life and streams its
 * files through them, so a folder of any size is admitted on an idle server; whatever fails after
 * admission, the permit gives the slots back.
 */
final class UploadIngestion {
  private static final Logger LOG = LoggerFactory.getLogger(UploadIngestion.class);

  private final BoundedWorkers workers;
  private final ClipIngest clips;
  private final String schemaId;
  private final FeatureStore store;
  private final AutoRetrain autoRetrain;

  /** One uploaded file: where the body handler put it, the name its sender gave it, its class. */
  record UploadedClip(Path path, String filename, String label) {}

  /**
   * What became of an upload.
   *
   * @param accepted stored clips (new or already there), in input order
   * @param rejected clips that were not stored, each with the reason
   */
  record Report(
      JsonArray accepted,
      JsonArray rejected,
      Map<String, Long> counts,
      Optional<String> autoRetrainJobId) {

    /**
     * 422 when nothing could be stored, 409 when every file was a label conflict: either way the
     * client has to change something before retrying.
     */
    int status() {
      if (!accepted.isEmpty()) {
        return 200;
      }
      boolean allConflicts =
          !rejected.isEmpty()
              && rejected.stream()
                  .allMatch(r -> "label_conflict".equals(((JsonObject) r).getString("outcome")));
      return allConflicts ? 409 : 422;
    }

    JsonObject toJson() {
      JsonObject body =
          new JsonObject()
              .put("accepted", accepted)
              .put("rejected", rejected)
              .put("counts", new JsonObject(new LinkedHashMap<>(counts)));
      autoRetrainJobId.ifPresent(id -> body.put("auto_retrain_job_id", id));
      return body;
    }
  }

  UploadIngestion(
      BoundedWorkers workers,
      ClipIngest clips,
      String schemaId,
      FeatureStore store,
      JobQueue queue,
      int autoRetrainThreshold) {
    this.workers = workers;
    this.clips = clips;
    this.schemaId = schemaId;
    this.store = store;
    this.autoRetrain = new AutoRetrain(store, queue, autoRetrainThreshold);
  }

  /** Fails with a 503 problem only when the pool cannot spare the upload's slots right now. */
  Future<Report> ingest(List<UploadedClip> files, int augment, OnConflict onConflict) {
    return workers
        .withPermit(
            workers.slotsFor(files.size()),
            permit -> permit.each(files, file -> ingestOne(permit, file, augment, onConflict)))
        .compose(this::report);
  }

  private Future<JsonObject> ingestOne(
      WorkerPermit permit, UploadedClip file, int augment, OnConflict onConflict) {
    return permit
        .run(() -> clips.prepare(file.path(), file.filename(), file.label(), augment))
        .compose(clip -> store(permit, clip, onConflict))
        .recover(failure -> Future.succeededFuture(rejected(file.filename(), failure)));
  }

  /**
   * What became of one clip that could be read.
   *
   * @param outcome {@code created}, {@code duplicate} (stored under the same label), {@code
   *     relabeled} (it was under {@code storedLabel}) or {@code label_conflict} (it stays under
   *     {@code storedLabel})
   */
  private record Stored(String outcome, String storedLabel) {
    static final Stored CREATED = new Stored("created", null);

    boolean conflict() {
      return "label_conflict".equals(outcome);
    }
  }

  /**
   * The clip, then (unless it stays under another label) its variants; the raw clip is written when
   * the clip was new or when a duplicate under its stored label finds it missing (the soak,
   * docs/RELIABILITY.md), and moved when it was relabelled.
   */
  private Future<JsonObject> store(WorkerPermit permit, PreparedClip clip, OnConflict onConflict) {
    var analysis = clip.analysis();
    return store
        .put(
            new StoredSample(
                clip.sha256(),
                clip.label(),
                schemaId,
                analysis.original().values(),
                clip.filename(),
                null,
                analysis.durationSeconds()))
        .compose(
            created ->
                created
                    ? permit.run(() -> clips.keep(clip)).map(Stored.CREATED)
                    : existing(permit, clip, onConflict))
        .compose(
            stored ->
                stored.conflict()
                    ? Future.succeededFuture(stored)
                    : storeVariants(clip).map(stored))
        .map(stored -> outcome(clip, stored));
  }

  /** A clip already stored: the same label, or another one to keep or to relabel from. */
  private Future<Stored> existing(WorkerPermit permit, PreparedClip clip, OnConflict onConflict) {
    return store
        .get(clip.sha256())
        .compose(
            found -> {
              if (found.isEmpty()) {
                // deleted between the put and this read: store it as new
                return store(permit, clip, onConflict).map(json -> Stored.CREATED);
              }
              String storedLabel = found.get().label();
              if (storedLabel.equals(clip.label())) {
                // an instance that died between storing the features and writing the file left
                // the sample without its raw clip: a duplicate upload writes it back
                return permit
                    .run(() -> clips.keepIfMissing(clip))
                    .map(new Stored("duplicate", storedLabel));
              }
              if (onConflict == OnConflict.KEEP) {
                return Future.succeededFuture(new Stored("label_conflict", storedLabel));
              }
              return store
                  .relabel(clip.sha256(), clip.label())
                  .compose(v -> permit.run(() -> clips.files().move(clip.sha256(), clip.label())))
                  .map(new Stored("relabeled", storedLabel));
            });
  }

  private static JsonObject outcome(PreparedClip clip, Stored stored) {
    JsonObject json =
        new JsonObject()
            .put("filename", clip.filename())
            .put("sha256", clip.sha256())
            .put("label", clip.label())
            .put("outcome", stored.outcome());
    if (stored.conflict()) {
      return json.put("stored_label", stored.storedLabel())
          .put(
              "reason",
              "this clip is already stored as '"
                  + stored.storedLabel()
                  + "'; nothing changed. Upload it with on_conflict=relabel, or PATCH"
                  + " /api/v1/samples/"
                  + clip.sha256()
                  + ", to label it '"
                  + clip.label()
                  + "'");
    }
    if (stored.outcome().equals("relabeled")) {
      json.put("previous_label", stored.storedLabel());
    }
    return json.put("duplicate", !stored.equals(Stored.CREATED))
        .put("augmented_variants", clip.analysis().augmented().size());
  }

  private Future<Void> storeVariants(PreparedClip clip) {
    List<Future<Boolean>> puts = new ArrayList<>();
    for (int k = 1; k <= clip.analysis().augmented().size(); k++) {
      puts.add(
          store.put(
              new StoredSample(
                  StoredSamples.variantKey(clip.sha256(), k),
                  clip.label(),
                  schemaId,
                  clip.analysis().augmented().get(k - 1).values(),
                  StoredSamples.variantFilename(clip.sha256(), k),
                  null)));
    }
    return Future.all(puts).mapEmpty();
  }

  /** The reason a person can act on; failures that are ours are logged and said plainly. */
  private static JsonObject rejected(String filename, Throwable failure) {
    Throwable mapped = WorkerFailures.toProblemException(failure);
    String reason;
    if (mapped instanceof ProblemException pe) {
      reason = pe.problem().detail();
    } else {
      LOG.error("storing upload {} failed", filename, failure);
      reason = "could not store the clip; the error was logged";
    }
    return new JsonObject().put("filename", filename).put("reason", reason);
  }

  private Future<Report> report(List<JsonObject> outcomes) {
    JsonArray accepted = new JsonArray();
    JsonArray rejected = new JsonArray();
    outcomes.forEach(o -> (o.containsKey("reason") ? rejected : accepted).add(o));
    return store
        .counts()
        .compose(
            counts -> autoRetrain.check().map(job -> new Report(accepted, rejected, counts, job)));
  }
}
