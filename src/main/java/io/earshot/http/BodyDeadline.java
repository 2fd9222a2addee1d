package io.earshot.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * A request body must keep arriving: in every {@code window} at least {@code minBytesPerSecond} on
 * average, else the request gets a 408 problem and its connection is closed. A client trickling a
 * byte a second so holds a connection for one window, and never a worker (the body is read before
 * any work is admitted). Requests without a body, and WebSocket upgrades, are left alone.
 */
final class BodyDeadline implements Handler<RoutingContext> {
  private final long windowMs;
  private final long minBytesPerWindow;
  private final long minBytesPerSecond;

  BodyDeadline(Duration window, long minBytesPerSecond) {
    this.windowMs = window.toMillis();
    this.minBytesPerSecond = minBytesPerSecond;
    this.minBytesPerWindow = minBytesPerSecond * window.toMillis() / 1000;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!request.isEnded() && hasBody(request)) {
      long[] seen = {request.bytesRead()};
      long timer =
          ctx.vertx()
              .setPeriodic(
                  windowMs,
                  id -> {
                    if (request.isEnded() || ctx.response().ended()) {
                      ctx.vertx().cancelTimer(id);
                    } else if (request.bytesRead() - seen[0] < minBytesPerWindow) {
                      ctx.vertx().cancelTimer(id);
                      tooSlow(ctx);
                    } else {
                      seen[0] = request.bytesRead();
                    }
                  });
      ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
    }
    ctx.next();
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return (length != null && !"0".equals(length.trim()))
        || request.headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true);
  }

  private void tooSlow(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    ctx.response().endHandler(v -> ctx.request().connection().close());
    FailureHandler.send(
        ctx,
        Problem.of(
            408,
            "request-timeout",
            "Request body too slow",
            "the request body arrived at under "
                + minBytesPerSecond
                + " bytes/s for "
                + windowMs / 1000.0
                + " s; send it faster, or in smaller requests"));
  }
}
