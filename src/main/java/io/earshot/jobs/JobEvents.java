package io.earshot.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Job events fanned out to every instance. Consumers listen on the local event bus address {@link
 * #ADDRESS} (HTTP/WebSocket code needs nothing else); {@link #publish} reaches that address on
 * every instance exactly once.
 */
public interface JobEvents {

  String ADDRESS = "earshot.jobs.events";

  Future<Void> publish(JsonObject event);
}
