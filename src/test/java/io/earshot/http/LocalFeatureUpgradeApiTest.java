package io.earshot.http;

import io.vertx.core.json.JsonObject;

/** {@link FeatureUpgradeApiContract} on the in-process back end: the journal under DATA_DIR. */
class LocalFeatureUpgradeApiTest extends FeatureUpgradeApiContract {
  @Override
  JsonObject backEnd() {
    return new JsonObject();
  }
}
