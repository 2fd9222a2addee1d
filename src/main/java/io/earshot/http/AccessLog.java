package io.earshot.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DEBUG line per request (method, route, status, time, request id), switched on with {@code
 * LOG_LEVEL=DEBUG}. The route is the template that answered ("/api/v1/jobs/:id"), falling back to
 * the path; query strings and headers are left out because they can carry keys.
 */
public final class AccessLog implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (LOG.isDebugEnabled()) {
      long started = System.nanoTime();
      ctx.addEndHandler(
          done ->
              LOG.debug(
                  "{} {} -> {} in {} ms (request id {})",
                  ctx.request().method(),
                  route(ctx),
                  ctx.response().getStatusCode(),
                  String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e6),
                  RequestIds.of(ctx)));
    }
    ctx.next();
  }

  private static String route(RoutingContext ctx) {
    Route route = ctx.currentRoute();
    String template = route == null ? null : route.getPath();
    return template != null ? template : ctx.request().path();
  }
}
