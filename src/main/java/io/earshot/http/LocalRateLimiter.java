package io.earshot.http;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets in this process's memory: right for a single instance, and the fallback when Redis
 * is unreachable. Buckets that have refilled completely carry no information and are dropped once
 * the map grows, so a scan from many addresses cannot grow memory without bound.
 */
public final class LocalRateLimiter implements RateLimiter {
  private static final int PRUNE_ABOVE = 10_000;

  private final double ratePerSecond;
  private final int burst;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public LocalRateLimiter(double ratePerSecond, int burst) {
    this(ratePerSecond, burst, System::nanoTime);
  }

  LocalRateLimiter(double ratePerSecond, int burst, LongSupplier nanoClock) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException(
          "rate must be > 0 and burst >= 1 (got " + ratePerSecond + ", " + burst + ")");
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.nanoClock = nanoClock;
  }

  @Override
  public Future<Decision> acquire(String clientKey) {
    return Future.succeededFuture(take(clientKey));
  }

  Decision take(String clientKey) {
    long now = nanoClock.getAsLong();
    if (buckets.size() > PRUNE_ABOVE) {
      buckets.values().removeIf(b -> b.isFull(now));
    }
    return buckets.computeIfAbsent(clientKey, k -> new Bucket(burst, now)).take(now);
  }

  private final class Bucket {
    private double tokens;
    private long updatedNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedNanos = now;
    }

    synchronized Decision take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return Decision.ALLOW;
      }
      return new Decision(false, RateLimiter.millisUntilNextToken(tokens, ratePerSecond));
    }

    synchronized boolean isFull(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      tokens = Math.min(burst, tokens + (now - updatedNanos) / 1e9 * ratePerSecond);
      updatedNanos = now;
    }
  }
}
