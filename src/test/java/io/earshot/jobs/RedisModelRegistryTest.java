package io.earshot.jobs;

import io.earshot.jobs.redis.RedisModelRegistry;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisModelRegistryTest extends ModelRegistryContract {

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private final RedisBackEnd backEnd = new RedisBackEnd();

  @Override
  Future<ModelRegistry> createRegistry(Vertx vertx) {
    return backEnd.start(vertx, redis).compose(RedisModelRegistry::start).map(registry -> registry);
  }

  @Override
  Future<Void> closeBackEnd() {
    return backEnd.close();
  }
}
