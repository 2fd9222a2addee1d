package io.earshot.jobs.redis;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way Earshot talks to Redis: a pooled client for commands, one dedicated connection for
 * pub/sub that is re-established (and re-subscribed) with exponential backoff whenever it drops,
 * and a health ping that says UP or DOWN.
 *
 * <p>The pool needs no reconnect logic of its own: a connection that broke is dropped and the next
 * command opens a new one. Commands sent while Redis is down fail fast, with a {@link
 * io.earshot.jobs.StoreUnavailableException} (so callers can tell "try again shortly" from an error
 * reply).
 */
public final class RedisConnector {

  private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);

  /** A first connection (TLS, cold JVM) can take a while; a dead server answers at once. */
  private static final long PING_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final RedisSettings settings;
  private final Redis commands;
  private final Redis subscriberClient;
  private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
  private final Backoff healthBackoff;
  private final Backoff subscribeBackoff;

  private volatile RedisHealth health = RedisHealth.DOWN;
  private volatile RedisConnection subscription;
  private volatile boolean connecting;
  private volatile boolean closed;
  private long healthTimer = -1;

  private RedisConnector(Vertx vertx, RedisSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.commands = Redis.createClient(vertx, settings.toOptions());
    this.subscriberClient = Redis.createClient(vertx, settings.toOptions().setMaxPoolSize(1));
    this.healthBackoff = new Backoff(settings.maxBackoff());
    this.subscribeBackoff = new Backoff(settings.maxBackoff());
  }

  /**
   * Creates the connector and runs the first health ping. Succeeds even when Redis is down (health
   * DOWN; reconnects go on in the background), so the service starts degraded rather than not at
   * all.
   */
  public static Future<RedisConnector> start(Vertx vertx, RedisSettings settings) {
    RedisConnector connector = new RedisConnector(vertx, settings);
    return connector.checkHealth().map(connector);
  }

  public String keyPrefix() {
    return settings.keyPrefix();
  }

  public RedisSettings settings() {
    return settings;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The pooled client, for callers that want {@code RedisAPI.api(client())}. */
  public Redis client() {
    return commands;
  }

  public Future<Response> send(Request request) {
    return commands.send(request).transform(RedisConnector::unavailableOrAsIs);
  }

  /** Pipelines the requests on one pooled connection (not a transaction). */
  public Future<List<Response>> batch(List<Request> requests) {
    return requests.isEmpty()
        ? Future.succeededFuture(List.of())
        : commands.batch(requests).transform(RedisConnector::unavailableOrAsIs);
  }

  private static <T> Future<T> unavailableOrAsIs(AsyncResult<T> result) {
    return result.succeeded()
        ? Future.succeededFuture(result.result())
        : Future.failedFuture(RedisFailures.classify(result.cause()));
  }

  public RedisHealth health() {
    return health;
  }

  /**
   * Delivers every message on {@code channel} to {@code onMessage}. {@code onSubscribed} runs each
   * time the subscription is (re-)established: messages published while the connection was down are
   * lost, so a listener that must not miss state should re-read it there. The future completes when
   * the channel is first subscribed (it waits while Redis is down).
   */
  public Future<Void> subscribe(String channel, Consumer<String> onMessage, Runnable onSubscribed) {
    Subscriber subscriber = new Subscriber(onMessage, onSubscribed, Promise.promise());
    subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(subscriber);
    RedisConnection current = subscription;
    if (current != null) {
      current
          .send(Request.cmd(Command.SUBSCRIBE).arg(channel))
          .onSuccess(ok -> subscriber.subscribed());
    } else {
      connectSubscriber();
    }
    return subscriber.first.future();
  }

  public Future<Long> publish(String channel, String message) {
    return send(Request.cmd(Command.PUBLISH).arg(channel).arg(message)).map(Response::toLong);
  }

  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(healthTimer);
    RedisConnection current = subscription;
    subscription = null;
    Future<Void> closingSubscription = current == null ? Future.succeededFuture() : current.close();
    return Future.join(closingSubscription, subscriberClient.close(), commands.close()).mapEmpty();
  }

  // ---- health ----------------------------------------------------------------------------

  private Future<RedisHealth> checkHealth() {
    long timeoutMs = Math.max(PING_TIMEOUT_MS, settings.healthInterval().toMillis());
    return commands
        .send(Request.cmd(Command.PING))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .transform(
            (pong, failure) -> {
              RedisHealth now = failure == null ? RedisHealth.UP : RedisHealth.DOWN;
              if (now != health) {
                LOG.info(
                    "Redis {} is {}{}",
                    settings.describe(),
                    now,
                    failure == null ? "" : ": " + failure.getMessage());
              }
              boolean cameBack = now == RedisHealth.UP && health == RedisHealth.DOWN;
              health = now;
              if (cameBack && !subscribers.isEmpty()) {
                // don't let pub/sub sit out the rest of its backoff once Redis answers again
                connectSubscriber();
              }
              scheduleHealthCheck();
              return Future.succeededFuture(now);
            });
  }

  private void scheduleHealthCheck() {
    if (closed) {
      return;
    }
    long delay;
    if (health == RedisHealth.UP) {
      healthBackoff.reset();
      delay = settings.healthInterval().toMillis();
    } else {
      delay = Math.min(healthBackoff.nextDelayMs(), settings.healthInterval().toMillis());
    }
    healthTimer = vertx.setTimer(delay, id -> checkHealth());
  }

  // ---- pub/sub ---------------------------------------------------------------------------

  private synchronized void connectSubscriber() {
    if (connecting || subscription != null || closed) {
      return;
    }
    connecting = true;
    subscriberClient
        .connect()
        .compose(this::subscribeAll)
        .onComplete(
            (connection, failure) -> {
              connecting = false;
              if (failure != null) {
                long delay = subscribeBackoff.nextDelayMs();
                LOG.debug(
                    "pub/sub connection failed ({}), retrying in {} ms",
                    failure.getMessage(),
                    delay);
                vertx.setTimer(delay, id -> connectSubscriber());
              } else {
                subscribeBackoff.reset();
                subscribers.values().forEach(list -> list.forEach(Subscriber::subscribed));
              }
            });
  }

  private Future<RedisConnection> subscribeAll(RedisConnection connection) {
    connection.handler(this::dispatch);
    connection.exceptionHandler(failure -> lost(connection, failure.getMessage()));
    connection.endHandler(ended -> lost(connection, "connection closed"));
    subscription = connection;
    if (subscribers.isEmpty()) {
      return Future.succeededFuture(connection);
    }
    Request subscribe = Request.cmd(Command.SUBSCRIBE);
    subscribers.keySet().forEach(subscribe::arg);
    return connection
        .send(subscribe)
        .map(connection)
        .onFailure(failure -> lost(connection, failure.getMessage()));
  }

  private void lost(RedisConnection connection, String reason) {
    synchronized (this) {
      if (subscription != connection) {
        return;
      }
      subscription = null;
    }
    LOG.warn("Redis pub/sub connection lost ({}); reconnecting", reason);
    connection.close();
    long delay = subscribeBackoff.nextDelayMs();
    vertx.setTimer(delay, id -> connectSubscriber());
  }

  /** Pub/sub pushes are arrays: ["message", channel, payload]. */
  private void dispatch(Response push) {
    if (push.size() == 3 && "message".equals(push.get(0).toString())) {
      String channel = push.get(1).toString();
      String payload = push.get(2).toString();
      subscribers.getOrDefault(channel, List.of()).forEach(s -> s.deliver(payload));
    }
  }

  private record Subscriber(
      Consumer<String> onMessage, Runnable onSubscribed, Promise<Void> first) {

    void subscribed() {
      try {
        onSubscribed.run();
      } finally {
        first.tryComplete();
      }
    }

    void deliver(String payload) {
      try {
        onMessage.accept(payload);
      } catch (RuntimeException e) {
        LOG.warn("pub/sub listener failed on message: {}", e.getMessage(), e);
      }
    }
  }
}
