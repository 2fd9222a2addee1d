package io.earshot.http;

import io.earshot.audio.AudioFormat;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.JobQueue;
import io.earshot.jobs.JobRequest;
import io.earshot.jobs.StoredSample;
import io.earshot.jobs.StoredSamples;
import io.earshot.pipeline.ClipAnalyzer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/upload-data}: features computed once on the worker pool, stored by the clip's
 * SHA-256 (re-uploading is idempotent), the raw clip kept under {@code DATA_DIR/clips}. Each file
 * is accepted or rejected on its own; upload file names are never used as paths.
 */
public final class UploadHandler {
  private static final Logger LOG = LoggerFactory.getLogger(UploadHandler.class);
  static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Vertx vertx;
  private final BoundedWorkers workers;
  private final ClipAnalyzer analyzer;
  private final FeatureExtractor extractor;
  private final FeatureStore store;
  private final JobQueue queue;
  private final Path clipsDir;
  private final int autoRetrainThreshold;

  public UploadHandler(
      Vertx vertx,
      BoundedWorkers workers,
      AudioLoader loader,
      FeatureExtractor extractor,
      FeatureStore store,
      JobQueue queue,
      Path clipsDir,
      int autoRetrainThreshold) {
    this.vertx = vertx;
    this.workers = workers;
    this.analyzer = new ClipAnalyzer(loader, extractor);
    this.extractor = extractor;
    this.store = store;
    this.queue = queue;
    this.clipsDir = clipsDir;
    this.autoRetrainThreshold = autoRetrainThreshold;
  }

  /** Maximum augmented variants a client may ask to store per uploaded clip. */
  static final int MAX_AUGMENT = 10;

  private record Extracted(ClipAnalyzer.Analysis clip, String extension) {}

  void upload(RoutingContext ctx) {
    List<FileUpload> files =
        ctx.fileUploads().stream()
            .filter(u -> "files".equals(u.name()) || "file".equals(u.name()))
            .toList();
    if (files.isEmpty()) {
      throw new ProblemException(
          Problem.badRequest(
              "no files: send audio as multipart/form-data fields named 'files' with a 'label' field"));
    }
    List<String> labels = labels(ctx, files.size());
    int augment = augment(ctx);
    if (!workers.tryAdmit(files.size())) {
      throw workers.overloaded();
    }
    List<Future<JsonObject>> outcomes = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      outcomes.add(ingest(files.get(i), labels.get(i), augment));
    }
    Future.join(outcomes)
        .onComplete(
            done -> {
              JsonArray accepted = new JsonArray();
              JsonArray rejected = new JsonArray();
              outcomes.forEach(
                  f -> (f.result().containsKey("reason") ? rejected : accepted).add(f.result()));
              store
                  .counts()
                  .compose(
                      counts ->
                          maybeAutoRetrain()
                              .map(
                                  job -> {
                                    JsonObject body =
                                        new JsonObject()
                                            .put("accepted", accepted)
                                            .put("rejected", rejected)
                                            .put(
                                                "counts",
                                                new JsonObject(new LinkedHashMap<>(counts)));
                                    job.ifPresent(id -> body.put("auto_retrain_job_id", id));
                                    return body;
                                  }))
                  .onSuccess(body -> Json.send(ctx, accepted.isEmpty() ? 422 : 200, body))
                  .onFailure(ctx::fail);
            });
  }

  private Future<JsonObject> ingest(FileUpload upload, String label, int augment) {
    String name = upload.fileName();
    return vertx
        .fileSystem()
        .readFile(upload.uploadedFileName())
        .compose(
            buffer ->
                workers
                    .run(() -> extract(buffer.getBytes(), augment))
                    .compose(x -> store(x, buffer, label, name)))
        .recover(
            failure -> {
              Throwable mapped = WorkerFailures.toProblemException(failure);
              String reason =
                  mapped instanceof ProblemException pe
                      ? pe.problem().detail()
                      : "could not store the clip";
              if (!(mapped instanceof ProblemException)) {
                LOG.error("storing upload {} failed", name, failure);
              }
              return Future.succeededFuture(
                  new JsonObject().put("filename", name).put("reason", reason));
            });
  }

  /**
   * Decodes once, extracts the clip's features and those of its augmented variants (seeded by the
   * clip).
   */
  private Extracted extract(byte[] bytes, int augment) throws Exception {
    String extension =
        AudioFormat.detect(bytes).map(f -> f.name().toLowerCase(Locale.ROOT)).orElse("bin");
    return new Extracted(analyzer.analyze(bytes, augment, 0L), extension);
  }

  private Future<JsonObject> store(Extracted x, Buffer raw, String label, String filename) {
    StoredSample sample =
        new StoredSample(
            x.clip().sha256(),
            label,
            extractor.schema().id(),
            x.clip().original().values(),
            filename,
            null);
    return store
        .put(sample)
        .compose(created -> storeVariants(x, label).map(created))
        .compose(
            created -> {
              JsonObject entry =
                  new JsonObject()
                      .put("filename", filename)
                      .put("sha256", x.clip().sha256())
                      .put("label", label)
                      .put("duplicate", !created)
                      .put("augmented_variants", x.clip().augmented().size());
              if (!created) {
                return Future.succeededFuture(entry);
              }
              Path dir = clipsDir.resolve(label);
              return vertx
                  .fileSystem()
                  .mkdirs(dir.toString())
                  .compose(
                      v ->
                          vertx
                              .fileSystem()
                              .writeFile(
                                  dir.resolve(x.clip().sha256() + "." + x.extension()).toString(),
                                  raw))
                  .map(entry);
            });
  }

  private Future<Void> storeVariants(Extracted x, String label) {
    List<Future<Boolean>> puts = new ArrayList<>();
    for (int k = 1; k <= x.clip().augmented().size(); k++) {
      puts.add(
          store.put(
              new StoredSample(
                  StoredSamples.variantKey(x.clip().sha256(), k),
                  label,
                  extractor.schema().id(),
                  x.clip().augmented().get(k - 1).values(),
                  StoredSamples.variantFilename(x.clip().sha256(), k),
                  null)));
    }
    return Future.all(puts).mapEmpty();
  }

  private static int augment(RoutingContext ctx) {
    String raw = ctx.request().getFormAttribute("augment");
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n >= 0 && n <= MAX_AUGMENT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ProblemException(
        Problem.badRequest(
            "'augment' must be a whole number from 0 to "
                + MAX_AUGMENT
                + ": the augmented variants (pitch shift, time stretch, noise) to store per clip"));
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

  private static List<String> labels(RoutingContext ctx, int count) {
    List<String> perFile = ctx.request().formAttributes().getAll("labels");
    String single = ctx.request().getFormAttribute("label");
    List<String> labels;
    if (!perFile.isEmpty()) {
      if (perFile.size() == 1 && perFile.get(0).contains(",")) {
        perFile = List.of(perFile.get(0).split("\\s*,\\s*"));
      }
      if (perFile.size() != count) {
        throw new ProblemException(
            Problem.badRequest(
                "'labels' needs one label per file: got "
                    + perFile.size()
                    + " labels for "
                    + count
                    + " files"));
      }
      labels = perFile;
    } else if (single != null) {
      labels = Collections.nCopies(count, single.trim());
    } else {
      throw new ProblemException(
          Problem.badRequest(
              "missing label: send a 'label' field for all files, or 'labels' with one label per file"));
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw new ProblemException(
            Problem.badRequest(
                "label '" + label + "' is not valid: use 1 to 64 letters, digits, '_' or '-'"));
      }
    }
    return labels;
  }
}
