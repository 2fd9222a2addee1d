package io.earshot.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small helpers to answer JSON from handlers. */
final class Json {
  private Json() {}

  static void ok(RoutingContext ctx, Object body) {
    send(ctx, 200, body);
  }

  static void send(RoutingContext ctx, int status, Object body) {
    String encoded =
        body instanceof JsonObject json ? json.encode() : io.vertx.core.json.Json.encode(body);
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(encoded);
  }
}
