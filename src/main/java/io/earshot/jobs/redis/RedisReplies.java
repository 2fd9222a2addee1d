package io.earshot.jobs.redis;

import io.vertx.redis.client.Response;
import java.util.HashMap;
import java.util.Map;

/** Small conversions of Redis replies. */
final class RedisReplies {

  private RedisReplies() {}

  /** A flat [field, value, field, value …] array (HGETALL inside Lua) or a RESP3 map. */
  static Map<String, Response> fields(Response reply) {
    Map<String, Response> fields = new HashMap<>();
    if (reply == null) {
      return fields;
    }
    if (reply.isMap()) {
      reply.getKeys().forEach(key -> fields.put(key, reply.get(key)));
      return fields;
    }
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      fields.put(reply.get(i).toString(), reply.get(i + 1));
    }
    return fields;
  }

  static String text(Map<String, Response> fields, String name) {
    Response value = fields.get(name);
    return value == null ? null : value.toString();
  }

  /** Whether a Redis error reply carries {@code code} (Lua error_reply text). */
  static boolean isError(Throwable failure, String code) {
    return failure.getMessage() != null && failure.getMessage().contains(code);
  }
}
