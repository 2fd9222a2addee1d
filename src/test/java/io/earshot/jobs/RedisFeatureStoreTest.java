package io.earshot.jobs;

import io.earshot.jobs.redis.RedisConnector;
import io.earshot.jobs.redis.RedisFeatureStore;
import io.earshot.jobs.redis.RedisSettings;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisFeatureStoreTest extends FeatureStoreContract {

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private RedisConnector connector;

  @Override
  Future<FeatureStore> createStore(Vertx vertx) {
    RedisSettings settings = RedisSettings.fromUrl(redis.url()).withKeyPrefix(RedisServerExtension.freshPrefix());
    return RedisConnector.start(vertx, settings).map(started -> {
      connector = started;
      return new RedisFeatureStore(started);
    });
  }

  @Override
  Future<Void> closeBackEnd() {
    return connector == null ? Future.succeededFuture() : connector.close();
  }
}
