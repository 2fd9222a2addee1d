package io.earshot.jobs.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script shipped as a class-path resource, run with EVALSHA; on NOSCRIPT (Redis restarted or
 * flushed its script cache) it is sent once in full with EVAL, which caches it again.
 */
final class RedisScript {

  private final String source;
  private final String sha1;

  private RedisScript(String source) {
    this.source = source;
    this.sha1 = sha1(source);
  }

  static RedisScript load(String name) {
    try (InputStream in = RedisScript.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing Lua script resource " + name);
      }
      return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Arguments may be String, Long/Integer or byte[]. */
  Future<Response> run(RedisConnector redis, List<String> keys, List<?> args) {
    return redis
        .send(request(Command.EVALSHA, sha1, keys, args))
        .recover(
            failure ->
                failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT")
                    ? redis.send(request(Command.EVAL, source, keys, args))
                    : Future.failedFuture(failure));
  }

  private static Request request(Command command, String script, List<String> keys, List<?> args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    for (Object arg : args) {
      if (arg instanceof byte[] bytes) {
        request.arg(bytes);
      } else {
        request.arg(String.valueOf(arg));
      }
    }
    return request;
  }

  private static String sha1(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JRE", e);
    }
  }
}
