package io.earshot.http;

import io.earshot.analysis.ResultFormat;
import io.earshot.jobs.AnalysisFiles;
import io.earshot.jobs.AnalysisJob;
import io.earshot.jobs.JobQueue;
import io.earshot.jobs.JobSnapshot;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code GET /api/v1/analyses/{id}}: an analysis job's result once it has one (200, in the format
 * asked for), its state while it runs (202 with the job and a {@code Retry-After}), and a problem
 * saying why when it ended without one.
 */
public final class AnalysisJobRoutes implements RouteGroup {
  private static final int POLL_AFTER_SECONDS = 2;

  private final JobQueue queue;
  private final AnalysisFiles files;
  private final boolean needsKey;

  public AnalysisJobRoutes(JobQueue queue, AnalysisFiles files, boolean needsKey) {
    this.queue = queue;
    this.files = files;
    this.needsKey = needsKey;
  }

  @Override
  public void mount(Router router, Vertx vertx, BodyHandler body, ApiKeyAuth auth) {
    var route = router.get(AnalysisRoutes.PATH + "/:id");
    if (needsKey) {
      route.handler(auth);
    }
    route.handler(ctx -> get(vertx, ctx));
  }

  private void get(Vertx vertx, RoutingContext ctx) {
    String id = ctx.pathParam("id");
    ResultFormat format = AnalysisResponses.format(ctx);
    queue
        .get(id)
        .map(
            found ->
                found
                    .filter(job -> AnalysisJob.TYPE.equals(job.type()))
                    .orElseThrow(
                        () ->
                            new ProblemException(
                                Problem.notFound(
                                    "no analysis with id '"
                                        + id
                                        + "' (finished analyses are kept for a limited time)"))))
        .onSuccess(
            job -> {
              switch (job.status()) {
                case QUEUED, RUNNING -> pending(ctx, job);
                case SUCCEEDED -> result(vertx, ctx, job, format);
                default -> ctx.fail(new ProblemException(ended(job)));
              }
            })
        .onFailure(ctx::fail);
  }

  private static void pending(RoutingContext ctx, JobSnapshot job) {
    ctx.response()
        .putHeader("Retry-After", String.valueOf(POLL_AFTER_SECONDS))
        .putHeader("Location", AnalysisRoutes.PATH + "/" + job.jobId());
    Json.send(ctx, 202, job.toJson());
  }

  private void result(Vertx vertx, RoutingContext ctx, JobSnapshot job, ResultFormat format) {
    vertx
        .executeBlocking(() -> files.readResult(job.jobId()), false)
        .onSuccess(
            stored ->
                stored.ifPresentOrElse(
                    result -> AnalysisResponses.respond(ctx, format, result),
                    () ->
                        ctx.fail(
                            new ProblemException(
                                Problem.of(
                                    410,
                                    "analysis-result-gone",
                                    "Analysis result gone",
                                    "the result of analysis "
                                        + job.jobId()
                                        + " is no longer kept; submit the recording again")))))
        .onFailure(ctx::fail);
  }

  private static Problem ended(JobSnapshot job) {
    String status = job.status().json();
    String why = job.error() == null ? "" : ": " + job.error();
    return Problem.of(
            409,
            "analysis-not-finished",
            "Analysis ended without a result",
            "analysis " + job.jobId() + " is " + status + why)
        .with("status", status);
  }
}
