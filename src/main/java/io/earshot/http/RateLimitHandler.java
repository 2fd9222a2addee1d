package io.earshot.http;

import io.earshot.pipeline.Hashing;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/**
 * Answers 429 with {@code Retry-After} once a client has used its token bucket up. A client is its
 * API key when it sends one, otherwise its address; {@code X-Forwarded-For} is believed only from
 * loopback (the nginx in front of us), never from the open network where anyone can forge it. Keys
 * are hashed before they are used as bucket names, so they reach neither logs nor Redis. Only
 * {@code /api/v1/} is limited, and not its health probes: an orchestrator must always see the
 * truth.
 */
public final class RateLimitHandler implements Handler<RoutingContext> {
  private static final String API = "/api/v1/";
  private static final String HEALTH = "/api/v1/health";

  private final RateLimiter limiter;

  public RateLimitHandler(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public void handle(RoutingContext ctx) {
    // Mounted without a path: a path here would leak into the metrics' route label.
    String path = ctx.request().path();
    if (!path.startsWith(API) || path.startsWith(HEALTH)) {
      ctx.next();
      return;
    }
    Future<RateLimiter.Decision> decision = limiter.acquire(clientKey(ctx));
    if (decision.isComplete()) {
      decide(ctx, decision);
      return;
    }
    // The body handler comes later and must see every byte: hold the body back while Redis answers.
    HttpServerRequest request = ctx.request();
    request.pause();
    decision.onComplete(
        done -> {
          decide(ctx, decision);
          request.resume();
        });
  }

  private static void decide(RoutingContext ctx, Future<RateLimiter.Decision> decision) {
    if (decision.failed() || decision.result().allowed()) {
      ctx.next();
      return;
    }
    long seconds = decision.result().retryAfterSeconds();
    ctx.fail(
        new ProblemException(
            Problem.of(
                    429,
                    "rate-limited",
                    "Too many requests",
                    "this client sent more requests than the configured rate allows; retry after "
                        + seconds
                        + " s")
                .with("retry_after_s", seconds)));
  }

  static String clientKey(RoutingContext ctx) {
    String apiKey = ApiKeyAuth.presentedKey(ctx);
    // 128 bits of the key's SHA-256 name the bucket: unique enough, and useless to whoever reads
    // Redis.
    return apiKey != null
        ? "key:" + Hashing.sha256(apiKey.getBytes(StandardCharsets.UTF_8)).substring(0, 32)
        : "ip:" + clientAddress(ctx);
  }

  static String clientAddress(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    String direct =
        remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded != null && isLoopback(direct)) {
      // The proxy appends the address it saw last, so the right-most entry is the one it vouches
      // for.
      String[] hops = forwarded.split(",");
      String last = hops[hops.length - 1].trim();
      if (!last.isEmpty()) {
        return last;
      }
    }
    return direct;
  }

  private static boolean isLoopback(String address) {
    return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
  }
}
