package io.earshot.jobs.local;

import io.earshot.jobs.JobEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Single-instance events: straight onto this instance's event bus. */
public final class LocalJobEvents implements JobEvents {

  private final Vertx vertx;

  public LocalJobEvents(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Void> publish(JsonObject event) {
    vertx.eventBus().publish(ADDRESS, event);
    return Future.succeededFuture();
  }
}
