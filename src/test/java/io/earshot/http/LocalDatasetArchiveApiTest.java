package io.earshot.http;

import io.vertx.core.json.JsonObject;

/** {@link DatasetArchiveApiContract} on the in-process back end. */
class LocalDatasetArchiveApiTest extends DatasetArchiveApiContract {

  @Override
  JsonObject backEnd() {
    return new JsonObject();
  }
}
