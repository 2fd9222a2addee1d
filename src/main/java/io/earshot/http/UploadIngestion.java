package io.earshot.http;

import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.JobQueue;
import io.earshot.jobs.JobRequest;
import io.earshot.jobs.StoredSample;
import io.earshot.jobs.StoredSamples;
import io.earshot.pipeline.ClipIngest;
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
  private final JobQueue queue;
  private final int autoRetrainThreshold;

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

    /** 422 when nothing could be stored: the client has to change something before retrying. */
    int status() {
      return accepted.isEmpty() ? 422 : 200;
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
    this.queue = queue;
    this.autoRetrainThreshold = autoRetrainThreshold;
  }

  /** Fails with a 503 problem only when the pool cannot spare the upload's slots right now. */
  Future<Report> ingest(List<UploadedClip> files, int augment) {
    return workers
        .withPermit(
            workers.slotsFor(files.size()),
            permit -> permit.each(files, file -> ingestOne(permit, file, augment)))
        .compose(this::report);
  }

  private Future<JsonObject> ingestOne(WorkerPermit permit, UploadedClip file, int augment) {
    return permit
        .run(() -> clips.prepare(file.path(), file.filename(), file.label(), augment))
        .compose(clip -> store(permit, clip))
        .recover(failure -> Future.succeededFuture(rejected(file.filename(), failure)));
  }

  /** The clip, then its variants, then the raw clip (see {@link #keepRawClip}). */
  private Future<JsonObject> store(WorkerPermit permit, PreparedClip clip) {
    var analysis = clip.analysis();
    return store
        .put(
            new StoredSample(
                clip.sha256(),
                clip.label(),
                schemaId,
                analysis.original().values(),
                clip.filename(),
                null))
        .compose(created -> storeVariants(clip).map(created))
        .compose(created -> keepRawClip(permit, clip, created).map(created))
        .map(
            created ->
                new JsonObject()
                    .put("filename", clip.filename())
                    .put("sha256", clip.sha256())
                    .put("label", clip.label())
                    .put("duplicate", !created)
                    .put("augmented_variants", analysis.augmented().size()));
  }

  /**
   * The raw clip goes to disk when the sample is new, and also when a duplicate under the label the
   * store holds finds it missing: an instance that died between storing the features and writing
   * the file would otherwise leave that sample without its clip for good (the soak, docs/
   * RELIABILITY.md). A duplicate under another label writes nothing, so a label's folder never
   * holds a clip the store files under another.
   */
  private Future<Void> keepRawClip(WorkerPermit permit, PreparedClip clip, boolean created) {
    if (created) {
      return permit.run(() -> clips.keep(clip)).mapEmpty();
    }
    return store
        .get(clip.sha256())
        .compose(
            stored ->
                stored.isPresent() && stored.get().label().equals(clip.label())
                    ? permit.run(() -> clips.keepIfMissing(clip)).mapEmpty()
                    : Future.succeededFuture());
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
            counts -> maybeAutoRetrain().map(job -> new Report(accepted, rejected, counts, job)));
  }

  private Future<Optional<String>> maybeAutoRetrain() {
    if (autoRetrainThreshold <= 0) {
      return Future.succeededFuture(Optional.empty());
    }
    return store
        .countSinceLastTraining()
        .compose(
            count ->
                count < autoRetrainThreshold
                    ? Future.succeededFuture(Optional.<String>empty())
                    : queue
                        .submit(JobRequest.retrain(new JsonObject()))
                        .map(job -> Optional.of(job.jobId())));
  }
}
