package io.earshot.http;

import io.earshot.jobs.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in Redis, updated by one Lua script so a client's budget holds across every
 * instance behind the load balancer. When Redis cannot answer, the local limiter decides instead: a
 * Redis outage must not turn into refusing (or waving through) all traffic.
 */
public final class RedisRateLimiter implements RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);
  private static final String SCRIPT = script();

  private final RedisConnector redis;
  private final double ratePerSecond;
  private final int burst;
  private final LocalRateLimiter fallback;

  /** So an outage logs once, not once per request. */
  private final AtomicBoolean degraded = new AtomicBoolean();

  public RedisRateLimiter(RedisConnector redis, double ratePerSecond, int burst) {
    this.redis = redis;
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.fallback = new LocalRateLimiter(ratePerSecond, burst);
  }

  @Override
  public Future<Decision> acquire(String clientKey) {
    // EVAL rather than EVALSHA: the script is a few hundred bytes and Redis caches it anyway.
    Request eval =
        Request.cmd(Command.EVAL)
            .arg(SCRIPT)
            .arg(1)
            .arg(redis.keyPrefix() + "ratelimit:" + clientKey)
            .arg(String.valueOf(ratePerSecond))
            .arg(burst);
    return redis
        .send(eval)
        .map(
            reply -> {
              if (degraded.compareAndSet(true, false)) {
                LOG.info("rate limiting is back in Redis");
              }
              return decision(reply);
            })
        .recover(
            failure -> {
              if (degraded.compareAndSet(false, true)) {
                LOG.warn(
                    "rate limit check in Redis failed ({}); deciding locally until Redis answers",
                    failure.toString());
              }
              return fallback.acquire(clientKey);
            });
  }

  private static Decision decision(Response reply) {
    boolean allowed = reply.get(0).toLong() == 1L;
    return allowed ? Decision.ALLOW : new Decision(false, reply.get(1).toLong());
  }

  private static String script() {
    try (InputStream in = RedisRateLimiter.class.getResourceAsStream("token-bucket.lua")) {
      if (in == null) {
        throw new IllegalStateException("missing resource io/earshot/http/token-bucket.lua");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
