package io.earshot.http;

import io.earshot.testing.RedisServerExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SamplesApiContract} on a real Redis, each test under a fresh key prefix. */
class RedisSamplesApiTest extends SamplesApiContract {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  @Override
  JsonObject backEnd() {
    return settings(redis);
  }

  static JsonObject settings(RedisServerExtension redis) {
    return new JsonObject()
        .put("redis_url", redis.url())
        .put("redis_key_prefix", RedisServerExtension.freshPrefix());
  }
}
