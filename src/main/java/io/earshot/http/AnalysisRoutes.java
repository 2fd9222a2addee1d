package io.earshot.http;

import io.earshot.analysis.AnalysisResult;
import io.earshot.analysis.ResultFormat;
import io.earshot.analysis.WindowPlan;
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
import java.nio.file.Path;

/**
 * {@code POST /api/v1/analyses}: a recording of up to {@code analysis_sync_max_seconds}, answered
 * at once with its windows and events, as JSON, CSV or a Raven selection table. The analysis runs
 * on the bounded worker pool; the upload has its own body limit ({@code
 * analysis_max_upload_bytes}), larger than a clip's.
 */
public final class AnalysisRoutes implements RouteGroup {
  static final String PATH = "/api/v1/analyses";
  private static final double DEFAULT_WINDOW_SECONDS = 3;

  private final ModelHolder models;
  private final RecordingAnalyzer analyzer;
  private final BoundedWorkers workers;
  private final Path uploads;
  private final long maxUploadBytes;
  private final boolean needsKey;

  public AnalysisRoutes(
      ModelHolder models,
      RecordingAnalyzer analyzer,
      BoundedWorkers workers,
      Path uploads,
      long maxUploadBytes,
      boolean needsKey) {
    this.models = models;
    this.analyzer = analyzer;
    this.workers = workers;
    this.uploads = uploads;
    this.maxUploadBytes = maxUploadBytes;
    this.needsKey = needsKey;
  }

  @Override
  public void mount(Router router, Vertx vertx, BodyHandler body, ApiKeyAuth auth) {
    long bodyLimit = BodyLimit.forFiles(maxUploadBytes);
    BodyHandler recordings =
        BodyHandler.create()
            .setBodyLimit(bodyLimit)
            .setUploadsDirectory(uploads.toString())
            .setDeleteUploadedFilesOnEnd(true);
    var route = router.post(PATH).handler(BodyLimit.note(bodyLimit)).handler(recordings);
    if (needsKey) {
      route.handler(auth);
    }
    route.handler(ctx -> analyze(vertx, ctx));
  }

  private void analyze(Vertx vertx, RoutingContext ctx) {
    ResultFormat format = format(ctx.request().getParam("format"));
    RecordingAnalyzer.Request request = request(ctx);
    ActiveModel model = models.current().orElseThrow(NoModelException::new);
    audio(vertx, ctx)
        .compose(bytes -> workers.submit(() -> analyzer.analyze(model, bytes, request)))
        .onSuccess(result -> respond(ctx, format, result))
        .onFailure(ctx::fail);
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

  private static Future<byte[]> audio(Vertx vertx, RoutingContext ctx) {
    if (AudioRequests.isJson(ctx)) {
      try {
        return Future.succeededFuture(
            AudioRequests.base64Audio(AudioRequests.jsonBody(ctx), "recording"));
      } catch (ProblemException e) {
        return Future.failedFuture(e);
      }
    }
    return AudioRequests.uploadedFile(
            vertx,
            ctx,
            "send the recording as a multipart/form-data field named 'file', or"
                + " JSON {\"audio_base64\": \"...\"}")
        .map(AudioRequests.Upload::bytes);
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
