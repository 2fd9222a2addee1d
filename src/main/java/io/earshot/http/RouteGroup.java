package io.earshot.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** A set of routes owned by one capability (training, models, visualizations, ...). */
@FunctionalInterface
public interface RouteGroup {
  void mount(Router router, Vertx vertx, BodyHandler body, ApiKeyAuth auth);
}
