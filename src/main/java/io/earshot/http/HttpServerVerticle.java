package io.earshot.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One HTTP server on one event loop. The service deploys as many of these as it has cores; they
 * share the port and the services behind the router.
 */
public final class HttpServerVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final Function<Vertx, Router> routes;
  private final ConnectionLimits limits;
  private static final long SHUTDOWN_GRACE_SECONDS = 30;
  private HttpServer server;

  public HttpServerVerticle(
      String host, int port, Function<Vertx, Router> routes, ConnectionLimits limits) {
    this.host = host;
    this.port = port;
    this.routes = routes;
    this.limits = limits;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options =
        limits.applyTo(
            new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setCompressionSupported(true)
                .setDecompressionSupported(true));
    server = vertx.createHttpServer(options).requestHandler(routes.apply(vertx));
    return server.listen();
  }

  /** Stops accepting; requests in flight finish because undeploy waits for this future. */
  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }
}
