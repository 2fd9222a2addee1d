package io.earshot.http;

import io.earshot.testing.RedisServerExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DatasetVersionsApiContract} on a real Redis, each test under a fresh key prefix. */
class RedisDatasetVersionsApiTest extends DatasetVersionsApiContract {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  @Override
  JsonObject backEnd() {
    return RedisSamplesApiTest.settings(redis);
  }
}
