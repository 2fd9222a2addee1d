package io.earshot.http;

import io.vertx.core.json.JsonObject;

/** {@link DatasetVersionsApiContract} on the in-process back end. */
class LocalDatasetVersionsApiTest extends DatasetVersionsApiContract {

  @Override
  JsonObject backEnd() {
    return new JsonObject();
  }
}
