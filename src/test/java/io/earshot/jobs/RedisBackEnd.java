package io.earshot.jobs;

import io.earshot.jobs.redis.RedisConnector;
import io.earshot.jobs.redis.RedisSettings;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** One connector per test, on a key prefix of its own, closed after the test. */
final class RedisBackEnd {

  private RedisConnector connector;

  Future<RedisConnector> start(Vertx vertx, RedisServerExtension redis) {
    RedisSettings settings =
        RedisSettings.fromUrl(redis.url()).withKeyPrefix(RedisServerExtension.freshPrefix());
    return RedisConnector.start(vertx, settings).onSuccess(started -> connector = started);
  }

  RedisConnector connector() {
    return connector;
  }

  Future<Void> close() {
    return connector == null ? Future.succeededFuture() : connector.close();
  }
}
