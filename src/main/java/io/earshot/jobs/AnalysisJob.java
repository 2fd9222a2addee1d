package io.earshot.jobs;

import io.earshot.analysis.AnalysisResult;
import io.earshot.analysis.WindowPlan;
import io.earshot.audio.AudioDecodeException;
import io.earshot.pipeline.ActiveModel;
import io.earshot.pipeline.ModelHolder;
import io.earshot.pipeline.RecordingAnalyzer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysis job: a recording too long to answer within one request, analysed with the model
 * active when the job runs. The work step analyses the stored recording (reporting how far it got);
 * the commit step stores the result where {@code GET /api/v1/analyses/{id}} reads it; the recording
 * is deleted once the job has ended.
 */
public final class AnalysisJob implements JobHandler<AnalysisResult> {
  public static final String TYPE = "analysis";
  private static final Logger LOG = LoggerFactory.getLogger(AnalysisJob.class);

  private final ModelHolder models;
  private final RecordingAnalyzer analyzer;
  private final AnalysisFiles files;
  private final double maxSeconds;

  /**
   * @param maxSeconds the longest recording analysed ({@code analysis_max_seconds})
   */
  public AnalysisJob(
      ModelHolder models, RecordingAnalyzer analyzer, AnalysisFiles files, double maxSeconds) {
    this.models = models;
    this.analyzer = analyzer;
    this.files = files;
    this.maxSeconds = maxSeconds;
  }

  /** What an analysis job is asked: its stored recording and the analysis settings. */
  public record Params(
      String recording,
      String filename,
      double durationSeconds,
      RecordingAnalyzer.Request request) {

    public JobRequest toJobRequest() {
      JsonObject params =
          new JsonObject()
              .put("recording", recording)
              .put("filename", filename)
              .put("duration_s", durationSeconds)
              .put("window_s", request.plan().windowSeconds())
              .put("hop_s", request.plan().hopSeconds())
              .put("merge_gap_s", request.mergeGapSeconds());
      request.minConfidence().ifPresent(c -> params.put("min_confidence", c));
      return new JobRequest(TYPE, params);
    }

    /** Reads a job's parameters back; an {@link IllegalArgumentException} when they are not. */
    public static Params of(JsonObject params) {
      try {
        Double minConfidence = params.getDouble("min_confidence");
        return new Params(
            params.getString("recording"),
            params.getString("filename"),
            params.getDouble("duration_s", 0.0),
            new RecordingAnalyzer.Request(
                new WindowPlan(params.getDouble("window_s"), params.getDouble("hop_s")),
                params.getDouble("merge_gap_s", 0.0),
                minConfidence == null ? OptionalDouble.empty() : OptionalDouble.of(minConfidence)));
      } catch (ClassCastException | NullPointerException e) {
        throw new IllegalArgumentException("malformed analysis job parameters: " + params, e);
      }
    }
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Future<AnalysisResult> work(JobContext job) {
    Params params = Params.of(job.params());
    ActiveModel model =
        models
            .current()
            .orElseThrow(() -> new IllegalArgumentException("no model is active to analyse with"));
    return job.blocking(() -> analyze(job, model, params));
  }

  private AnalysisResult analyze(JobContext job, ActiveModel model, Params params)
      throws IOException {
    try {
      job.progress(progress(0, params.durationSeconds()), true);
      AnalysisResult result =
          analyzer.analyze(
              model,
              files.recording(params.recording()),
              maxSeconds,
              params.request(),
              new RecordingAnalyzer.Listener() {
                @Override
                public void onProgress(double analysedSeconds, double totalSeconds) {
                  job.progress(progress(analysedSeconds, totalSeconds), false);
                }

                @Override
                public boolean cancelled() {
                  return job.shouldStop();
                }
              });
      job.progress(progress(result.durationS(), result.durationS()), true);
      return result;
    } catch (AudioDecodeException e) {
      // the recording was readable when it was taken in; retrying will not make it so
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "the recording of this job is gone from the data folder: submit it again", e);
    }
  }

  private static JsonObject progress(double analysedSeconds, double totalSeconds) {
    // the length is NaN while it is not known
    return new JsonObject()
        .put("phase", "analyse")
        .put("analysed_s", analysedSeconds)
        .put("duration_s", totalSeconds)
        .put("percent", Progress.percent(analysedSeconds, totalSeconds));
  }

  @Override
  public Future<JsonObject> commit(JobContext job, AnalysisResult result) {
    return job.blocking(
        () -> {
          files.writeResult(job.jobId(), result);
          return new JsonObject()
              .put("model_version", result.modelVersion())
              .put("duration_s", result.durationS())
              .put("segments", result.segments().size())
              .put("events", result.events().size())
              .put("location", "/api/v1/analyses/" + job.jobId());
        });
  }

  @Override
  public Future<Void> ended(JobContext job, JobSnapshot settled) {
    String recording = job.params().getString("recording");
    return job.<Void>blocking(
            () -> {
              files.deleteRecording(recording);
              return null;
            })
        .recover(
            e -> {
              LOG.warn("recording {} of job {} not deleted: {}", recording, job.jobId(), e);
              return Future.succeededFuture();
            });
  }
}
