package io.earshot.http;

import io.earshot.testing.RedisServerExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FeatureUpgradeApiContract} on a real Redis, each test under a fresh key prefix. */
class RedisFeatureUpgradeApiTest extends FeatureUpgradeApiContract {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  @Override
  JsonObject backEnd() {
    return RedisSamplesApiTest.settings(redis);
  }
}
