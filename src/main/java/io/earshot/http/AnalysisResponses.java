package io.earshot.http;

import io.earshot.analysis.AnalysisResult;
import io.earshot.analysis.ResultFormat;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** An analysis result as the client asked for it, the same from the request and from a job. */
final class AnalysisResponses {
  private AnalysisResponses() {}

  /** {@code ?format=}: json (default), csv or raven; 400 for anything else. */
  static ResultFormat format(RoutingContext ctx) {
    String raw = ctx.request().getParam("format");
    if (raw == null) {
      return ResultFormat.JSON;
    }
    return ResultFormat.parse(raw)
        .orElseThrow(
            () ->
                new ProblemException(
                    Problem.badRequest("format must be json, csv or raven, not '" + raw + "'")));
  }

  static void respond(RoutingContext ctx, ResultFormat format, AnalysisResult result) {
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
}
