package io.earshot.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small helpers to answer JSON from handlers. */
final class Json {
  private Json() {}

  static void ok(RoutingContext ctx, Object body) {
    send(ctx, 200, body);
  }

  /**
   * Encodes, then answers. A body that does not encode fails the request (the failure handler
   * answers 500) instead of throwing inside a future's callback, where nothing would answer and the
   * client would wait for the idle timeout.
   */
  static void send(RoutingContext ctx, int status, Object body) {
    String encoded;
    try {
      encoded =
          body instanceof JsonObject json ? json.encode() : io.vertx.core.json.Json.encode(body);
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(encoded);
  }

  /**
   * The request's JSON object; an empty body is an empty object.
   *
   * @param expected what the object should hold, for the 400 ("of training parameters")
   */
  static JsonObject body(RoutingContext ctx, String expected) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      return new JsonObject();
    }
    try {
      JsonObject json = ctx.body().asJsonObject();
      return json == null ? new JsonObject() : json;
    } catch (RuntimeException e) {
      throw new ProblemException(
          Problem.badRequest("the body must be a JSON object " + expected + ": " + e.getMessage()));
    }
  }
}
