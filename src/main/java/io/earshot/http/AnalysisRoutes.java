package io.earshot.http;

import io.earshot.analysis.AnalysisResult;
import io.earshot.analysis.ResultFormat;
import io.earshot.analysis.WindowPlan;
import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.RecordingStream;
import io.earshot.jobs.AnalysisFiles;
import io.earshot.jobs.AnalysisJob;
import io.earshot.jobs.JobQueue;
import io.earshot.jobs.JobSnapshot;
import io.earshot.pipeline.ActiveModel;
import io.earshot.pipeline.ModelHolder;
import io.earshot.pipeline.NoModelException;
import io.earshot.pipeline.RecordingAnalyzer;
import io.earshot.pipeline.RecordingAnalyzer.Listener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * {@code POST /api/v1/analyses}: a recording of up to {@code analysis_sync_max_seconds}, answered
 * at once with its windows and events, as JSON, CSV or a Raven selection table. A longer one, up to
 * {@code analysis_max_seconds}, is moved into the shared data folder and queued as an analysis job:
 * 202 with the job and a {@code Location} to read the result from ({@link AnalysisJobRoutes}). The
 * upload has its own body limit ({@code analysis_max_upload_bytes}), larger than a clip's. A
 * multipart upload goes to a file in the uploads folder as it arrives, and the body handler deletes
 * it when the response ends; a JSON body's audio (in memory as base64, as the body handler reads
 * it) is written to a file there and deleted after. The analysis reads the file block by block on
 * the bounded worker pool, so a WAV, AIFF or FLAC recording never sits whole in the heap (other
 * formats are decoded whole within the bounds of {@link io.earshot.audio.RecordingStream}), and a
 * recording whose header gives a length over the limit is refused before any of it is decoded.
 */
public final class AnalysisRoutes implements RouteGroup {
  static final String PATH = "/api/v1/analyses";
  private static final double DEFAULT_WINDOW_SECONDS = 3;

  private final ModelHolder models;
  private final RecordingAnalyzer analyzer;
  private final BoundedWorkers workers;
  private final Path uploads;
  private final Limits limits;
  private final JobQueue jobs;
  private final AnalysisFiles files;
  private final boolean needsKey;

  /**
   * @param maxUploadBytes the largest upload ({@code analysis_max_upload_bytes})
   * @param syncMaxSeconds the longest recording answered at once ({@code
   *     analysis_sync_max_seconds})
   * @param jobMaxSeconds the longest recording taken as a job ({@code analysis_max_seconds})
   */
  public record Limits(long maxUploadBytes, double syncMaxSeconds, double jobMaxSeconds) {}

  public AnalysisRoutes(
      ModelHolder models,
      RecordingAnalyzer analyzer,
      BoundedWorkers workers,
      Path uploads,
      Limits limits,
      JobQueue jobs,
      AnalysisFiles files,
      boolean needsKey) {
    this.models = models;
    this.analyzer = analyzer;
    this.workers = workers;
    this.uploads = uploads;
    this.limits = limits;
    this.jobs = jobs;
    this.files = files;
    this.needsKey = needsKey;
  }

  @Override
  public void mount(Router router, Vertx vertx, BodyHandler body, ApiKeyAuth auth) {
    long bodyLimit = BodyLimit.forFiles(limits.maxUploadBytes());
    BodyHandler recordings =
        BodyHandler.create()
            .setBodyLimit(bodyLimit)
            .setUploadsDirectory(uploads.toString())
            .setDeleteUploadedFilesOnEnd(true);
    var route = router.post(PATH).handler(BodyLimit.note(bodyLimit)).handler(recordings);
    if (needsKey) {
      route.handler(auth);
    }
    route.handler(this::analyze);
  }

  private void analyze(RoutingContext ctx) {
    ResultFormat format = AnalysisResponses.format(ctx);
    RecordingAnalyzer.Request request = request(ctx);
    ActiveModel model = models.current().orElseThrow(NoModelException::new);
    analyzeUpload(ctx, model, request)
        .compose(
            answer ->
                answer.result() != null
                    ? Future.succeededFuture(answer)
                    : jobs.submit(answer.job().toJobRequest()).map(answer::queued))
        .onSuccess(
            answer -> {
              if (answer.result() != null) {
                AnalysisResponses.respond(ctx, format, answer.result());
              } else {
                ctx.response().putHeader("Location", PATH + "/" + answer.queued().jobId());
                Json.send(ctx, 202, answer.queued().toJson());
              }
            })
        .onFailure(ctx::fail);
  }

  /** The result of a short recording, or the parameters of the job a long one becomes. */
  private record Answer(AnalysisResult result, AnalysisJob.Params job, JobSnapshot queued) {
    Answer queued(JobSnapshot snapshot) {
      return new Answer(null, job, snapshot);
    }
  }

  private Future<Answer> analyzeUpload(
      RoutingContext ctx, ActiveModel model, RecordingAnalyzer.Request request) {
    try {
      if (AudioRequests.isJson(ctx)) {
        // parsed and decoded on the worker: megabytes of base64 would hold the event loop
        Buffer raw = ctx.body().buffer();
        return workers.submit(
            () -> {
              JsonObject body = AudioRequests.jsonBody(raw);
              byte[] audio = AudioRequests.base64Audio(body, "recording");
              return analyzeBytes(model, audio, body.getString("filename"), request);
            });
      }
      String how =
          "send the recording as a multipart/form-data field named 'file', or"
              + " JSON {\"audio_base64\": \"...\"}";
      Path file = AudioRequests.uploadedPath(ctx, how);
      String name = AudioRequests.uploadedName(ctx, how);
      return workers.submit(() -> analyzeFile(model, file, name, request));
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Answers at once when the header says the recording is short enough, else moves it in for a job.
   * A recording whose header gives no length is analysed here within the synchronous limit.
   */
  private Answer analyzeFile(
      ActiveModel model, Path file, String name, RecordingAnalyzer.Request request)
      throws IOException, AudioDecodeException {
    String format;
    OptionalDouble declared;
    try (RecordingStream recording = analyzer.open(file, limits.jobMaxSeconds())) {
      declared = recording.durationSeconds();
      format = recording.format();
      if (declared.isPresent() && declared.getAsDouble() <= limits.syncMaxSeconds()) {
        return answered(analyzer.analyze(model, recording, request, Listener.NONE));
      }
    }
    if (declared.isEmpty()) {
      return answered(
          analyzer.analyze(model, file, limits.syncMaxSeconds(), request, Listener.NONE));
    }
    String stored = files.keepRecording(file, extension(format));
    return new Answer(
        null, new AnalysisJob.Params(stored, name, declared.getAsDouble(), request), null);
  }

  private static Answer answered(AnalysisResult result) {
    return new Answer(result, null, null);
  }

  private static String extension(String format) {
    return format != null && format.matches("[a-z0-9]{1,8}") ? format : "bin";
  }

  /** A JSON body's recording, put on disk like an upload so that it takes the same path. */
  private Answer analyzeBytes(
      ActiveModel model, byte[] audio, String name, RecordingAnalyzer.Request request)
      throws IOException, AudioDecodeException {
    Path file = Files.createTempFile(uploads, "analysis-", ".upload");
    try {
      Files.write(file, audio);
      return analyzeFile(model, file, name, request);
    } finally {
      Files.deleteIfExists(file); // gone already when it was moved in for a job
    }
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
