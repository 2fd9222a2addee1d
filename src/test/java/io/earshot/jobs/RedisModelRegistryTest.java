package io.earshot.jobs;

import io.earshot.jobs.redis.RedisConnector;
import io.earshot.jobs.redis.RedisModelRegistry;
import io.earshot.jobs.redis.RedisSettings;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisModelRegistryTest extends ModelRegistryContract {

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private RedisConnector connector;

  @Override
  Future<ModelRegistry> createRegistry(Vertx vertx) {
    RedisSettings settings = RedisSettings.fromUrl(redis.url()).withKeyPrefix(RedisServerExtension.freshPrefix());
    return RedisConnector.start(vertx, settings)
        .compose(started -> {
          connector = started;
          return RedisModelRegistry.start(started);
        })
        .map(registry -> registry);
  }

  @Override
  Future<Void> closeBackEnd() {
    return connector == null ? Future.succeededFuture() : connector.close();
  }
}
