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

  private RedisJobEvents(RedisConnector redis) {
    this.redis = redis;
    this.channel = redis.keyPrefix() + "events";
  }

  /**
   * Subscribes to the channel. The future completes once the subscription is active; if Redis is
   * down it waits, so a caller that must start regardless should not chain on it.
   */
  public static Future<RedisJobEvents> start(RedisConnector redis) {
    RedisJobEvents events = new RedisJobEvents(redis);
    Vertx vertx = redis.vertx();
    return redis
        .subscribe(events.channel, message -> forward(vertx, message), () -> { })
        .map(events);
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
