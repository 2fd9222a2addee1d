package io.earshot.http;

import io.earshot.analysis.AnalysisResult;
import io.earshot.analysis.ResultFormat;
import io.earshot.analysis.WindowPlan;
import io.earshot.audio.AudioDecodeException;
import io.earshot.pipeline.ActiveModel;
import io.earshot.pipeline.ModelHolder;
import io.earshot.pipeline.NoModelException;
import io.earshot.pipeline.RecordingAnalyzer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code POST /api/v1/analyses}: a recording of up to {@code analysis_sync_max_seconds}, answered
 * at once with its windows and events, as JSON, CSV or a Raven selection table. The upload has its
 * own body limit ({@code analysis_max_upload_bytes}), larger than a clip's. A multipart upload goes
 * to a file in the uploads folder as it arrives, and the body handler deletes it when the response
 * ends; a JSON body's audio (in memory as base64, as the body handler reads it) is written to a
 * file there and deleted after. The analysis reads the file block by block on the bounded worker
 * pool, so a WAV, AIFF or FLAC recording never sits whole in the heap (other formats are decoded
 * whole within the bounds of {@link io.earshot.audio.RecordingStream}), and a recording whose
 * header gives a length over the limit is refused before any of it is decoded.
 */
public final class AnalysisRoutes implements RouteGroup {
  static final String PATH = "/api/v1/analyses";
  private static final double DEFAULT_WINDOW_SECONDS = 3;

  private final ModelHolder models;
  private final RecordingAnalyzer analyzer;
  private final BoundedWorkers workers;
  private final Path uploads;
  private final long maxUploadBytes;
  private final double maxSeconds;
  private final boolean needsKey;

  /**
   * @param maxSeconds the longest recording answered at once ({@code analysis_sync_max_seconds})
   */
  public AnalysisRoutes(
      ModelHolder models,
      RecordingAnalyzer analyzer,
      BoundedWorkers workers,
      Path uploads,
      long maxUploadBytes,
      double maxSeconds,
      boolean needsKey) {
    this.models = models;
    this.analyzer = analyzer;
    this.workers = workers;
    this.uploads = uploads;
    this.maxUploadBytes = maxUploadBytes;
    this.maxSeconds = maxSeconds;
    this.needsKey = needsKey;
  }

  @Override
  public void mount(Router router, Vertx vertx, BodyHandler body, ApiKeyAuth auth) {
    BodyHandler recordings =
        BodyHandler.create()
            .setBodyLimit(maxUploadBytes * 4 / 3 + 64 * 1024) // base64 JSON is a third larger
            .setUploadsDirectory(uploads.toString())
            .setDeleteUploadedFilesOnEnd(true);
    var route = router.post(PATH).handler(recordings);
    if (needsKey) {
      route.handler(auth);
    }
    route.handler(this::analyze);
  }

  private void analyze(RoutingContext ctx) {
    ResultFormat format = format(ctx.request().getParam("format"));
    RecordingAnalyzer.Request request = request(ctx);
    ActiveModel model = models.current().orElseThrow(NoModelException::new);
    analyzeUpload(ctx, model, request)
        .onSuccess(result -> respond(ctx, format, result))
        .onFailure(ctx::fail);
  }

  private Future<AnalysisResult> analyzeUpload(
      RoutingContext ctx, ActiveModel model, RecordingAnalyzer.Request request) {
    try {
      if (AudioRequests.isJson(ctx)) {
        byte[] audio = AudioRequests.base64Audio(AudioRequests.jsonBody(ctx), "recording");
        return workers.submit(() -> analyzeBytes(model, audio, request));
      }
      Path file =
          AudioRequests.uploadedPath(
              ctx,
              "send the recording as a multipart/form-data field named 'file', or"
                  + " JSON {\"audio_base64\": \"...\"}");
      return workers.submit(() -> analyzeFile(model, file, request));
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    }
  }

  private AnalysisResult analyzeFile(
      ActiveModel model, Path file, RecordingAnalyzer.Request request)
      throws IOException, AudioDecodeException {
    return analyzer.analyze(model, file, maxSeconds, request, RecordingAnalyzer.Listener.NONE);
  }

  /** A JSON body's recording, put on disk like an upload so that it takes the same path. */
  private AnalysisResult analyzeBytes(
      ActiveModel model, byte[] audio, RecordingAnalyzer.Request request)
      throws IOException, AudioDecodeException {
    Path file = Files.createTempFile(uploads, "analysis-", ".upload");
    try {
      Files.write(file, audio);
      return analyzeFile(model, file, request);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void respond(RoutingContext ctx, ResultFormat format, AnalysisResult result) {
    if (format == ResultFormat.JSON) {
      Json.ok(ctx, JsonObject.mapFrom(result));
      return;
    }
    ctx.response()
        .putHeader("Content-Type", format.contentType)
        .putHeader(
            "Content-Disposition", "attachment; filename=\"events." + format.extension + "\"")
        .end(format.table(result.events()));
  }

  private static ResultFormat format(String raw) {
    if (raw == null) {
      return ResultFormat.JSON;
    }
    return ResultFormat.parse(raw)
        .orElseThrow(
            () ->
                new ProblemException(
                    Problem.badRequest("format must be json, csv or raven, not '" + raw + "'")));
  }

  /** Window, hop, merge gap and confidence from the query; 400 naming the parameter if wrong. */
  private static RecordingAnalyzer.Request request(RoutingContext ctx) {
    try {
      double window = seconds(ctx, "window_s", DEFAULT_WINDOW_SECONDS);
      return new RecordingAnalyzer.Request(
          new WindowPlan(window, seconds(ctx, "hop_s", window / 2)),
          seconds(ctx, "merge_gap_s", 0),
          AudioRequests.minConfidence(ctx.request().getParam("min_confidence")));
    } catch (IllegalArgumentException e) {
      throw new ProblemException(Problem.badRequest(e.getMessage()));
    }
  }

  private static double seconds(RoutingContext ctx, String name, double fallback) {
    return AudioRequests.queryNumber(ctx, name, fallback, "a number of seconds");
  }
}
