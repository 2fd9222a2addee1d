package io.earshot.http;

import io.vertx.core.json.JsonObject;

/** {@link SamplesApiContract} on the in-process back end (journal under DATA_DIR/state). */
class LocalSamplesApiTest extends SamplesApiContract {

  @Override
  JsonObject backEnd() {
    return new JsonObject();
  }
}
