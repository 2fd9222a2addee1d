package io.earshot.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards routes with the configured API key ({@code Authorization: Bearer KEY} or {@code
 * X-API-Key}). Keys are compared in constant time and never logged.
 */
public final class ApiKeyAuth implements Handler<RoutingContext> {
  private final byte[] expected;

  public ApiKeyAuth(String apiKey) {
    this.expected = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (expected == null || matches(presentedKey(ctx))) {
      ctx.next();
    } else {
      ctx.fail(new ProblemException(Problem.unauthorized()));
    }
  }

  boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
  }

  static String presentedKey(RoutingContext ctx) {
    String header = ctx.request().getHeader("X-API-Key");
    if (header != null && !header.isBlank()) {
      return header.trim();
    }
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    return null;
  }
}
