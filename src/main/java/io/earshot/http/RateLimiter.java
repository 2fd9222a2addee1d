package io.earshot.http;

import io.vertx.core.Future;

/**
 * A token bucket per client: {@code ratePerSecond} tokens flow in, at most {@code burst} are kept,
 * each request takes one. Two back ends: {@link LocalRateLimiter} (one instance) and {@link
 * RedisRateLimiter} (shared by every instance behind the load balancer).
 */
public interface RateLimiter {

  /** No limit (rate_limit_per_second = 0). */
  RateLimiter UNLIMITED = clientKey -> Future.succeededFuture(Decision.ALLOW);

  /** An in-process limiter, or {@link #UNLIMITED} when the rate is 0 or less. */
  static RateLimiter local(double ratePerSecond, int burst) {
    return ratePerSecond > 0 ? new LocalRateLimiter(ratePerSecond, burst) : UNLIMITED;
  }

  /** Takes one token from the bucket of {@code clientKey} (already anonymised by the caller). */
  Future<Decision> acquire(String clientKey);

  /** Allowed, or refused with the wait until the next token. */
  record Decision(boolean allowed, long retryAfterMillis) {
    public static final Decision ALLOW = new Decision(true, 0);

    /** Whole seconds for a Retry-After header, never 0 so clients really wait. */
    public long retryAfterSeconds() {
      return Math.max(1, (retryAfterMillis + 999) / 1000);
    }
  }

  /** Milliseconds until a bucket holding {@code tokens} has one whole token again. */
  static long millisUntilNextToken(double tokens, double ratePerSecond) {
    return (long) Math.ceil((1.0 - tokens) / ratePerSecond * 1000.0);
  }
}
