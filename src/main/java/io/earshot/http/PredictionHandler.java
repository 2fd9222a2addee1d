package io.earshot.http;

import io.earshot.http.metrics.EarshotMetrics;
import io.earshot.pipeline.Prediction;
import io.earshot.pipeline.PredictionPipeline;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Single and batch predictions: take the audio from the body, which {@link MemoryForm} read into
 * memory, hand it to the worker pool, answer JSON.
 */
final class PredictionHandler {
  private static final String MIN_CONFIDENCE = AudioRequests.MIN_CONFIDENCE;

  /** The form field of a single prediction's file. */
  static final Set<String> SINGLE_FIELD = Set.of("file");

  private final PredictionPipeline pipeline;
  private final BoundedWorkers workers;
  private final PredictionLog recent;
  private final EarshotMetrics metrics;
  private final int batchMaxFiles;

  PredictionHandler(
      PredictionPipeline pipeline,
      BoundedWorkers workers,
      PredictionLog recent,
      EarshotMetrics metrics,
      int batchMaxFiles) {
    this.pipeline = pipeline;
    this.workers = workers;
    this.recent = recent;
    this.metrics = metrics;
    this.batchMaxFiles = batchMaxFiles;
  }

  void single(RoutingContext ctx) {
    boolean explain = "true".equalsIgnoreCase(ctx.request().getParam("explain"));
    Future<Supplier<NamedAudio>> audio =
        AudioRequests.isJson(ctx) ? Future.succeededFuture(fromJson(ctx)) : fromUpload(ctx);
    audio
        .compose(
            source ->
                workers.submit(
                    () -> {
                      NamedAudio named = source.get();
                      return new Answered(
                          named,
                          pipeline.predict(named.audio().get(), explain, named.minConfidence()));
                    }))
        .map(
            answered -> {
              NamedAudio named = answered.audio();
              Prediction p = record(answered.prediction(), named.filename());
              return PredictionJson.of(p, named.filename(), named.language());
            })
        .onSuccess(json -> Json.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  /** A single prediction and the request it answers. */
  private record Answered(NamedAudio audio, Prediction prediction) {}

  /**
   * Answers every file in input order, per-file errors inline. The batch takes at most one worker
   * slot per thread and streams its files through them, so it is admitted whatever its size.
   */
  void batch(RoutingContext ctx) {
    OptionalDouble minConfidence =
        AudioRequests.minConfidence(ctx.request().getParam(MIN_CONFIDENCE));
    List<MemoryForm.Part> uploads =
        AudioRequests.checkCount(
            MemoryForm.files(ctx, AudioRequests.MANY_FIELDS),
            batchMaxFiles,
            "a batch",
            "batch-too-large",
            "send one or more audio files as multipart/form-data fields named 'files'");
    long started = System.nanoTime();
    List<Integer> order = IntStream.range(0, uploads.size()).boxed().toList();
    workers
        .withPermit(
            workers.slotsFor(uploads.size()),
            permit ->
                permit.each(order, i -> predictOne(permit, uploads.get(i), i, minConfidence, ctx)))
        .onSuccess(
            items ->
                Json.ok(
                    ctx,
                    new JsonObject()
                        .put("model_version", pipeline.activeVersion())
                        .put("processing_time_ms", (System.nanoTime() - started) / 1e6)
                        .put("results", new JsonArray(items))))
        .onFailure(ctx::fail);
  }

  /** One file of a batch, read and answered on the worker; a failure becomes its inline error. */
  private Future<JsonObject> predictOne(
      WorkerPermit permit,
      MemoryForm.Part upload,
      int index,
      OptionalDouble minConfidence,
      RoutingContext ctx) {
    String name = upload.filename();
    return permit
        .run(() -> pipeline.predict(upload.bytes(), false, minConfidence))
        .map(
            p ->
                new JsonObject()
                    .put("index", index)
                    .put("filename", name)
                    .put("prediction", PredictionJson.of(record(p, name), name, null)))
        .recover(
            failure ->
                Future.succeededFuture(
                    new JsonObject()
                        .put("index", index)
                        .put("filename", name)
                        .put("error", inlineProblem(failure, ctx))));
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
   * field {@code min_confidence}). The bytes are taken on the worker thread that decodes them.
   */
  private record NamedAudio(
      Supplier<byte[]> audio, String filename, String language, OptionalDouble minConfidence) {}

  private Future<Supplier<NamedAudio>> fromUpload(RoutingContext ctx) {
    try {
      OptionalDouble minConfidence =
          AudioRequests.minConfidence(ctx.request().getParam(MIN_CONFIDENCE));
      MemoryForm.Part upload =
          AudioRequests.oneFile(
              MemoryForm.files(ctx, SINGLE_FIELD),
              "send the audio as a multipart/form-data field named 'file', or JSON "
                  + "{\"audio_base64\": \"...\", \"filename\": \"clip.mp3\"}");
      NamedAudio named = new NamedAudio(upload::bytes, upload.filename(), null, minConfidence);
      return Future.succeededFuture(() -> named);
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * A JSON body's audio, parsed and decoded on the worker that predicts: a body of tens of
   * megabytes of base64 takes the parser and the decoder that long, which the event loop must not
   * wait for. Only the buffer and the query parameter are taken here, on the loop.
   */
  private static Supplier<NamedAudio> fromJson(RoutingContext ctx) {
    Buffer raw = ctx.body().buffer();
    String queryThreshold = ctx.request().getParam(MIN_CONFIDENCE);
    return () -> {
      JsonObject body = AudioRequests.jsonBody(raw);
      byte[] audio = AudioRequests.base64Audio(body, "audio file");
      Object threshold = body.getValue(MIN_CONFIDENCE);
      return new NamedAudio(
          () -> audio,
          body.getString("filename"),
          body.getString("language"),
          AudioRequests.minConfidence(threshold != null ? threshold : queryThreshold));
    };
  }
}
