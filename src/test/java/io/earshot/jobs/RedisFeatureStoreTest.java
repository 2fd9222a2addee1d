package io.earshot.jobs;

import io.earshot.jobs.redis.RedisFeatureStore;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisFeatureStoreTest extends FeatureStoreContract {

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private final RedisBackEnd backEnd = new RedisBackEnd();

  @Override
  Future<FeatureStore> createStore(Vertx vertx) {
    return backEnd.start(vertx, redis).map(RedisFeatureStore::new);
  }

  @Override
  Future<Void> closeBackEnd() {
    return backEnd.close();
  }
}
