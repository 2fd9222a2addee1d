package io.earshot.jobs;

import io.earshot.model.ModelBundle;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/** A model bundle in the form the registry stores: bytes plus metadata and metrics as JSON. */
public record Registration(byte[] bytes, JsonObject metadata, JsonObject metrics) {

  public static Registration of(ModelBundle bundle) throws IOException {
    return new Registration(
        bundle.toBytes(),
        new JsonObject(ModelBundle.json().writeValueAsString(bundle.metadata())),
        new JsonObject(ModelBundle.json().writeValueAsString(bundle.metrics())));
  }
}
