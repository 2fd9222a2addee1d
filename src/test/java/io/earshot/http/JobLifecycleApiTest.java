package io.earshot.http;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.Await;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A retrain's life seen through the API: failing for want of data, and cancelled while running. */
class JobLifecycleApiTest {
  @TempDir Path root;

  @Test
  void aRetrainWithoutTrainingDataFailsWithTheReasonAndKeepsTheServedModel() throws Exception {
    try (TestServer server =
        TestServer.start(TestServer.config(root, new JsonObject().put("training_poll_ms", 200)))) {
      String jobId = retrain(server, new JsonObject());
      JsonObject job = awaitStatus(server, jobId, "failed");
      assertTrue(job.getString("error").contains("upload-data"), job.encode());
      assertEquals(1, job.getInteger("attempts"), "bad data is not retried");
      assertEquals("1", version(server));
    }
  }

  @Test
  void deletingARunningRetrainCancelsItAndNothingIsPromoted() throws Exception {
    try (TestServer server =
        TestServer.start(TestServer.config(root, new JsonObject().put("training_poll_ms", 200)))) {
      for (String label : new String[] {"lo", "hi"}) {
        MultipartForm form = MultipartForm.create().attribute("label", label);
        for (int i = 0; i < 10; i++) {
          double hz = "lo".equals(label) ? 200 + 20 * i : 2200 + 80 * i;
          form.binaryFileUpload(
              "files",
              label + i + ".wav",
              Buffer.buffer(TestAudio.wav(TestAudio.tone(hz, 1.0, 40 + i))),
              "audio/wav");
        }
        assertEquals(
            200,
            await(server.client().post("/api/v1/upload-data").sendMultipartForm(form))
                .statusCode());
      }
      String jobId =
          retrain(
              server,
              new JsonObject()
                  .put("rounds", 1_000_000)
                  .put("early_stopping_rounds", 1_000_000)
                  .put("eta", 0.001)
                  .put("search", new JsonObject().put("trials", 0)));
      awaitStatus(server, jobId, "running");

      HttpResponse<Buffer> cancel = await(server.client().delete("/api/v1/jobs/" + jobId).send());
      assertEquals(200, cancel.statusCode(), cancel.bodyAsString());
      assertEquals(true, cancel.bodyAsJsonObject().getBoolean("cancel_requested"));
      awaitStatus(server, jobId, "cancelled");
      assertEquals("1", version(server), "a cancelled retrain registers and promotes nothing");
      HttpResponse<Buffer> again = await(server.client().delete("/api/v1/jobs/" + jobId).send());
      assertProblem(again, 409, "cancelled");
      JsonObject models = await(server.client().get("/api/v1/models").send()).bodyAsJsonObject();
      assertEquals(1, models.getJsonArray("versions").size());
    }
  }

  private static String retrain(TestServer server, JsonObject params) throws Exception {
    HttpResponse<Buffer> accepted =
        await(server.client().post("/api/v1/retrain").sendJsonObject(params));
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    return accepted.bodyAsJsonObject().getString("job_id");
  }

  private static JsonObject awaitStatus(TestServer server, String jobId, String status)
      throws Exception {
    try {
      Await.until(
          Duration.ofSeconds(60),
          "job " + jobId + " " + status,
          () -> status.equals(job(server, jobId).getString("status")));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + ": " + job(server, jobId).encode(), e);
    }
    return job(server, jobId);
  }

  private static JsonObject job(TestServer server, String jobId) {
    try {
      return await(server.client().get("/api/v1/jobs/" + jobId).send()).bodyAsJsonObject();
    } catch (Exception e) {
      return new JsonObject();
    }
  }

  private static String version(TestServer server) throws Exception {
    return await(server.client().get("/api/v1/health").send())
        .bodyAsJsonObject()
        .getString("model_version");
  }
}
