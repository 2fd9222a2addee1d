package io.earshot.http;

import io.earshot.http.metrics.EarshotMetrics;
import io.earshot.pipeline.Prediction;
import io.earshot.pipeline.PredictionPipeline;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** Single and batch predictions: read the audio, hand it to the worker pool, answer JSON. */
final class PredictionHandler {
  private static final String MIN_CONFIDENCE = AudioRequests.MIN_CONFIDENCE;

  private final Vertx vertx;
  private final PredictionPipeline pipeline;
  private final BoundedWorkers workers;
  private final PredictionLog recent;
  private final EarshotMetrics metrics;
  private final int batchMaxFiles;

  PredictionHandler(
      Vertx vertx,
      PredictionPipeline pipeline,
      BoundedWorkers workers,
      PredictionLog recent,
      EarshotMetrics metrics,
      int batchMaxFiles) {
    this.vertx = vertx;
    this.pipeline = pipeline;
    this.workers = workers;
    this.recent = recent;
    this.metrics = metrics;
    this.batchMaxFiles = batchMaxFiles;
  }

  void single(RoutingContext ctx) {
    boolean explain = "true".equalsIgnoreCase(ctx.request().getParam("explain"));
    Future<NamedAudio> audio =
        AudioRequests.isJson(ctx) ? Future.succeededFuture(fromJson(ctx)) : fromUpload(ctx);
    audio
        .compose(
            named ->
                workers
                    .submit(() -> pipeline.predict(named.bytes(), explain, named.minConfidence()))
                    .map(p -> record(p, named.filename()))
                    .map(p -> PredictionJson.of(p, named.filename(), named.language())))
        .onSuccess(json -> Json.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  void batch(RoutingContext ctx) {
    OptionalDouble minConfidence =
        AudioRequests.minConfidence(ctx.request().getParam(MIN_CONFIDENCE));
    List<FileUpload> uploads =
        ctx.fileUploads().stream()
            .filter(u -> "files".equals(u.name()) || "file".equals(u.name()))
            .toList();
    if (uploads.isEmpty()) {
      ctx.fail(
          new ProblemException(
              Problem.badRequest(
                  "no files: send one or more audio files as multipart/form-data fields named 'files'")));
      return;
    }
    if (uploads.size() > batchMaxFiles) {
      ctx.fail(
          new ProblemException(
              Problem.of(
                  413,
                  "batch-too-large",
                  "Too many files in one batch",
                  "a batch holds at most "
                      + batchMaxFiles
                      + " files; this one had "
                      + uploads.size()
                      + ". Split it into several requests.")));
      return;
    }
    if (!workers.tryAdmit(uploads.size())) {
      ctx.fail(workers.overloaded());
      return;
    }
    long started = System.nanoTime();
    List<Future<JsonObject>> results = new ArrayList<>(uploads.size());
    for (int i = 0; i < uploads.size(); i++) {
      FileUpload upload = uploads.get(i);
      int index = i;
      Future<JsonObject> one =
          vertx
              .fileSystem()
              .readFile(upload.uploadedFileName())
              .compose(
                  buffer ->
                      workers.run(() -> pipeline.predict(buffer.getBytes(), false, minConfidence)))
              .map(
                  p ->
                      new JsonObject()
                          .put("index", index)
                          .put("filename", upload.fileName())
                          .put(
                              "prediction",
                              PredictionJson.of(
                                  record(p, upload.fileName()), upload.fileName(), null)))
              .recover(
                  failure ->
                      Future.succeededFuture(
                          new JsonObject()
                              .put("index", index)
                              .put("filename", upload.fileName())
                              .put("error", inlineProblem(failure, ctx))));
      results.add(one);
    }
    Future.join(results)
        .onComplete(
            done -> {
              JsonArray items = new JsonArray();
              results.forEach(f -> items.add(f.result()));
              Json.ok(
                  ctx,
                  new JsonObject()
                      .put("model_version", pipeline.activeVersion())
                      .put("processing_time_ms", (System.nanoTime() - started) / 1e6)
                      .put("results", items));
            });
  }

  private Prediction record(Prediction p, String filename) {
    recent.record(p, filename);
    metrics.predicted(p);
    return p;
  }

  private static JsonObject inlineProblem(Throwable failure, RoutingContext ctx) {
    Throwable mapped = WorkerFailures.toProblemException(failure);
    Problem problem = mapped instanceof ProblemException pe ? pe.problem() : Problem.internal();
    return problem.toJson(ctx.request().path());
  }

  /**
   * Audio of one request, and the client's own confidence threshold for it (query parameter or JSON
   * field {@code min_confidence}).
   */
  private record NamedAudio(
      byte[] bytes, String filename, String language, OptionalDouble minConfidence) {}

  private Future<NamedAudio> fromUpload(RoutingContext ctx) {
    OptionalDouble minConfidence;
    try {
      minConfidence = AudioRequests.minConfidence(ctx.request().getParam(MIN_CONFIDENCE));
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    }
    return AudioRequests.uploadedFile(
            vertx,
            ctx,
            "send the audio as a multipart/form-data field named 'file', or JSON "
                + "{\"audio_base64\": \"...\", \"filename\": \"clip.mp3\"}")
        .map(u -> new NamedAudio(u.bytes(), u.filename(), null, minConfidence));
  }

  private static NamedAudio fromJson(RoutingContext ctx) {
    JsonObject body = AudioRequests.jsonBody(ctx);
    byte[] audio = AudioRequests.base64Audio(body, "audio file");
    Object threshold = body.getValue(MIN_CONFIDENCE);
    return new NamedAudio(
        audio,
        body.getString("filename"),
        body.getString("language"),
        AudioRequests.minConfidence(
            threshold != null ? threshold : ctx.request().getParam(MIN_CONFIDENCE)));
  }
}
