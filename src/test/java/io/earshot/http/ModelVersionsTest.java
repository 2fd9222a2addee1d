package io.earshot.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.earshot.jobs.ModelInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The models list's comparison with the active model, without a server. */
class ModelVersionsTest {

  private static ModelInfo model(String version, String dataset, boolean active) {
    JsonObject metadata = new JsonObject();
    if (dataset != null) {
      metadata.put("dataset", new JsonObject().put("version", dataset).put("clips", 3));
    }
    return new ModelInfo(version, metadata, new JsonObject(), Instant.EPOCH, 10, active);
  }

  @Test
  void eachVersionSaysWhetherItSawTheActiveModelsData() {
    JsonArray versions =
        ModelRoutes.versions(
            List.of(model("3", "d2", true), model("2", "d1", false), model("1", "d2", false)));
    assertEquals(true, versions.getJsonObject(0).getBoolean("same_data_as_active"));
    assertEquals(false, versions.getJsonObject(1).getBoolean("same_data_as_active"));
    assertEquals(true, versions.getJsonObject(2).getBoolean("same_data_as_active"));
    assertEquals("d1", versions.getJsonObject(1).getJsonObject("dataset").getString("version"));
  }

  @Test
  void anActiveModelTrainedBeforeDatasetVersionsComparesWithNothing() {
    JsonArray versions =
        ModelRoutes.versions(List.of(model("2", "d1", false), model("1", null, true)));
    assertNull(versions.getJsonObject(0).getValue("same_data_as_active"));
    assertNull(versions.getJsonObject(1).getValue("same_data_as_active"));
  }
}
