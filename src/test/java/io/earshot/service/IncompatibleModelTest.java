package io.earshot.service;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.config.EarshotConfig;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestModels;
import io.earshot.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shipped model trained on another feature schema is refused, and the instance says why. */
class IncompatibleModelTest {
  @TempDir Path root;

  @Test
  void aModelFromAnotherFeatureSchemaIsNeverServed() throws Exception {
    Path models = TestModels.tinyModelDir(root);
    ObjectMapper json = new ObjectMapper();
    ObjectNode metadata = (ObjectNode) json.readTree(models.resolve("model.json").toFile());
    metadata.put("schema_id", "earshot-v1-000000000000");
    json.writeValue(models.resolve("model.json").toFile(), metadata);

    EarshotConfig config =
        EarshotConfig.defaults().withPortAndDirs(0, models, root.resolve("data"));
    try (TestServer server = TestServer.start(config)) {
      JsonObject health = await(server.client().get("/api/v1/health").send()).bodyAsJsonObject();
      assertEquals("DEGRADED", health.getString("status"));
      assertEquals(false, health.getBoolean("model_loaded"));
      assertTrue(
          health.getString("model_error").contains("earshot-v1-000000000000"), health.encode());
      assertProblem(await(server.client().get("/api/v1/health/ready").send()), 503, "retrain");
      MultipartForm form =
          MultipartForm.create()
              .binaryFileUpload(
                  "file",
                  "a.wav",
                  Buffer.buffer(TestAudio.wav(TestAudio.tone(440, 1, 1))),
                  "audio/wav");
      assertProblem(
          await(server.client().post("/api/v1/predictions/single").sendMultipartForm(form)),
          503,
          "no model");
    }
  }
}
