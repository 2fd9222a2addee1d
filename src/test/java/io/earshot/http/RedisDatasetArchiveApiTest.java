package io.earshot.http;

import io.earshot.testing.RedisServerExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DatasetArchiveApiContract} on a real Redis, each instance under a fresh key prefix. */
class RedisDatasetArchiveApiTest extends DatasetArchiveApiContract {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  @Override
  JsonObject backEnd() {
    return RedisSamplesApiTest.settings(redis);
  }
}
