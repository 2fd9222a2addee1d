package io.earshot.jobs.redis;

import io.earshot.jobs.JobEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events through the Redis channel {@code <prefix>events}: {@link #publish} sends to Redis only,
 * and every instance (this one included) forwards what arrives to its local event bus, so each
 * event reaches {@link #ADDRESS} once per instance.
 */
public final class RedisJobEvents implements JobEvents {

  private static final Logger LOG = LoggerFactory.getLogger(RedisJobEvents.class);

  private final RedisConnector redis;
  private final String channel;

  /** Usable at once for publishing; call {@link #subscribe()} to receive. */
  public RedisJobEvents(RedisConnector redis) {
    this.redis = redis;
    this.channel = redis.keyPrefix() + "events";
  }

  /** A publisher that is already subscribed (waits while Redis is down). */
  public static Future<RedisJobEvents> start(RedisConnector redis) {
    RedisJobEvents events = new RedisJobEvents(redis);
    return events.subscribe().map(events);
  }

  /**
   * Forwards the channel to this instance's event bus. The future completes once the subscription
   * is active; if Redis is down it waits, and the subscription is made later.
   */
  public Future<Void> subscribe() {
    Vertx vertx = redis.vertx();
    return redis.subscribe(channel, message -> forward(vertx, message), () -> {});
  }

  private static void forward(Vertx vertx, String message) {
    try {
      vertx.eventBus().publish(ADDRESS, new JsonObject(message));
    } catch (RuntimeException e) {
      LOG.warn("ignoring malformed job event: {}", message);
    }
  }

  @Override
  public Future<Void> publish(JsonObject event) {
    return redis.publish(channel, event.encode()).mapEmpty();
  }
}
