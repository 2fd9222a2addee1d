package io.earshot.jobs;

import io.earshot.jobs.local.LocalFeatureStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

class LocalFeatureStoreTest extends FeatureStoreContract {

  @Override
  Future<FeatureStore> createStore(Vertx vertx) {
    return Future.succeededFuture(new LocalFeatureStore());
  }

  @Override
  Future<Void> closeBackEnd() {
    return Future.succeededFuture();
  }
}
