package io.earshot.http;

import io.earshot.jobs.JobException;
import io.earshot.jobs.ModelRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where any failure in the router becomes a problem+json answer. */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (ConnectionLimits.uploadCancelled(ctx)
        && !BodyLimit.exceeded(ctx)
        && !ctx.request().isEnded()) {
      // too large or broken: the rest of the body tells (see BodyLimit.readOn)
      BodyLimit.readOn(ctx, () -> answer(ctx));
      return;
    }
    answer(ctx);
  }

  private static void answer(RoutingContext ctx) {
    Problem problem = toProblem(ctx);
    if (problem.status() == 500) {
      LOG.error(
          "request {} {} failed (request id {})",
          ctx.request().method(),
          ctx.request().path(),
          RequestIds.of(ctx),
          ctx.failure());
    }
    send(ctx, problem);
  }

  static Problem toProblem(RoutingContext ctx) {
    if (BodyLimit.exceeded(ctx)) {
      return BodyLimit.tooLarge(ctx);
    }
    Optional<Problem> unreadableForm = ConnectionLimits.formRefused(ctx);
    if (unreadableForm.isPresent()) {
      return unreadableForm.get();
    }
    // audio and model failures come back from the worker pool as they were thrown
    Throwable failure = WorkerFailures.toProblemException(ctx.failure());
    if (failure instanceof ProblemException pe) {
      return pe.problem();
    }
    if (failure instanceof JobException.UnknownJob) {
      return Problem.notFound(
          failure.getMessage() + " (finished jobs are kept for a limited time; GET /api/v1/jobs)");
    }
    if (failure instanceof ModelRegistry.UnknownModelVersion) {
      return Problem.notFound(
          failure.getMessage() + " is registered; GET /api/v1/models lists the versions");
    }
    if (failure instanceof JobException) {
      return Problem.of(
          409, "job-conflict", "Job is not in a state for that", failure.getMessage());
    }
    return switch (ctx.statusCode()) {
      case 400 ->
          Problem.badRequest(
              failure == null
                  ? "the request could not be read"
                  : "the request could not be read: " + failure.getMessage());
      case 401 -> Problem.unauthorized();
      case 404 ->
          Problem.notFound("no route for " + ctx.request().method() + " " + ctx.request().path());
      case 405 ->
          Problem.of(
              405,
              "method-not-allowed",
              "Method not allowed",
              ctx.request().method() + " is not supported on " + ctx.request().path());
      case 413 -> BodyLimit.tooLarge(ctx);
      case 415 ->
          Problem.of(
              415,
              "unsupported-media-type",
              "Unsupported media type",
              "send multipart/form-data or application/json");
      case 417 ->
          Problem.of(
              417,
              "expectation-failed",
              "Expectation failed",
              "the only Expect this server meets is '100-continue'; send the request without"
                  + " the Expect header");
      default -> Problem.internal();
    };
  }

  /** Writes a problem unless the response has already started. */
  public static void send(RoutingContext ctx, Problem problem) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.setStatusCode(problem.status()).putHeader("Content-Type", Problem.CONTENT_TYPE);
    Object retryAfter = problem.extras().get("retry_after_s");
    if (retryAfter != null) {
      response.putHeader("Retry-After", String.valueOf(retryAfter));
    }
    response.end(problem.toJson(ctx.request().path()).encode());
  }
}
