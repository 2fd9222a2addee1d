package io.earshot.http;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.Await;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads, retrain requests and jobs on one in-process instance (no Redis), error paths first. */
class TrainingApiTest {
  private static final String KEY = "k-123";
  private static final int AUTO_RETRAIN_AFTER = 8;
  @TempDir static Path root;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            TestServer.config(
                root,
                new JsonObject()
                    .put("api_key", KEY)
                    .put("auto_retrain_threshold", AUTO_RETRAIN_AFTER)
                    .put("retrain_search_trials", 0)
                    .put("training_poll_ms", 200)));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void mutatingRoutesNeedTheKey() throws Exception {
    assertProblem(
        await(server.client().post("/api/v1/retrain").sendJsonObject(new JsonObject())),
        401,
        "API key");
    assertProblem(
        await(
            server
                .client()
                .post("/api/v1/retrain")
                .putHeader("X-API-Key", "wrong")
                .sendJsonObject(new JsonObject())),
        401,
        "API key");
    assertProblem(await(server.client().post("/api/v1/models/1/activate").send()), 401, "API key");
  }

  @Test
  void badLabelsAreRefusedWithTheRule() throws Exception {
    assertProblem(upload(form("bad label!", 1, 0)), 400, "letters, digits");
    assertProblem(upload(form(null, 1, 0)), 400, "missing label");
    MultipartForm mismatched = form(null, 2, 0).attribute("labels", "a");
    assertProblem(upload(mismatched), 400, "one label per file");
    assertProblem(upload(form("x".repeat(65), 1, 0)), 400, "1 to 64");
    assertProblem(upload(form("ok", 1, 99)), 400, "'augment'");
  }

  @Test
  void reUploadingAClipIsIdempotentAndUndecodableFilesAreRejectedOneByOne() throws Exception {
    byte[] clip = TestAudio.wav(TestAudio.tone(330, 1.0, 31337));
    byte[] other = TestAudio.wav(TestAudio.tone(350, 1.0, 31338));
    MultipartForm first =
        MultipartForm.create()
            .attribute("label", "dupes")
            .binaryFileUpload("files", "a.wav", Buffer.buffer(clip), "audio/wav")
            .binaryFileUpload("files", "b.wav", Buffer.buffer(other), "audio/wav")
            .binaryFileUpload(
                "files",
                "junk.wav",
                Buffer.buffer("not audio".getBytes(StandardCharsets.UTF_8)),
                "audio/wav");
    JsonObject body = upload(first).bodyAsJsonObject();
    assertEquals(2, body.getJsonArray("accepted").size());
    assertEquals(false, body.getJsonArray("accepted").getJsonObject(0).getBoolean("duplicate"));
    assertEquals("junk.wav", body.getJsonArray("rejected").getJsonObject(0).getString("filename"));
    assertTrue(body.getJsonArray("rejected").getJsonObject(0).getString("reason").contains("WAV"));

    MultipartForm again =
        MultipartForm.create()
            .attribute("label", "dupes")
            .binaryFileUpload("files", "renamed.wav", Buffer.buffer(clip), "audio/wav");
    JsonObject second = upload(again).bodyAsJsonObject();
    assertEquals(true, second.getJsonArray("accepted").getJsonObject(0).getBoolean("duplicate"));
    assertEquals(2L, second.getJsonObject("counts").getLong("dupes"), "stored once");
    try (var kept = Files.list(root.resolve("data/clips/dupes"))) {
      assertEquals(2, kept.count(), "each raw clip is kept once under DATA_DIR");
    }
  }

  @Test
  void invalidRetrainParametersAreA400BeforeAnyJobExists() throws Exception {
    HttpResponse<Buffer> response =
        await(
            server
                .client()
                .post("/api/v1/retrain")
                .putHeader("X-API-Key", KEY)
                .sendJsonObject(new JsonObject().put("max_depth", 99)));
    assertProblem(response, 400, "max_depth");
    assertProblem(
        await(
            server
                .client()
                .post("/api/v1/retrain")
                .putHeader("X-API-Key", KEY)
                .sendJsonObject(new JsonObject().put("colour", "blue"))),
        400,
        "colour");
    assertProblem(await(server.client().get("/api/v1/jobs/nope").send()), 404, "nope");
    assertProblem(
        await(server.client().delete("/api/v1/jobs/nope").putHeader("X-API-Key", KEY).send()),
        404,
        "nope");
    assertProblem(
        await(
            server.client().post("/api/v1/models/999/activate").putHeader("X-API-Key", KEY).send()),
        404,
        "GET /api/v1/models");
  }

  @Test
  void enoughNewSamplesStartARetrainByThemselves() throws Exception {
    MultipartForm low = form("auto_low", 4, 1);
    MultipartForm high = MultipartForm.create().attribute("label", "auto_high");
    for (int i = 0; i < 4; i++) {
      high.binaryFileUpload(
          "files",
          "h" + i + ".wav",
          Buffer.buffer(TestAudio.wav(TestAudio.tone(2500 + 40 * i, 1.0, 900 + i))),
          "audio/wav");
    }
    JsonObject first = upload(low).bodyAsJsonObject();
    assertEquals(
        1, first.getJsonArray("accepted").getJsonObject(0).getInteger("augmented_variants"));
    JsonObject second = upload(high).bodyAsJsonObject();
    String jobId = second.getString("auto_retrain_job_id", first.getString("auto_retrain_job_id"));
    assertNotNull(
        jobId, "crossing the threshold of " + AUTO_RETRAIN_AFTER + " new samples queues a retrain");
    Await.until(
        Duration.ofSeconds(60),
        "the automatic retrain ends",
        () -> {
          try {
            String status =
                await(server.client().get("/api/v1/jobs/" + jobId).send())
                    .bodyAsJsonObject()
                    .getString("status");
            return "succeeded".equals(status) || "failed".equals(status);
          } catch (Exception e) {
            return false;
          }
        });
    JsonObject job = await(server.client().get("/api/v1/jobs/" + jobId).send()).bodyAsJsonObject();
    assertEquals("succeeded", job.getString("status"), job.encode());
    assertEquals(100.0, job.getJsonObject("progress").getDouble("percent"), 0.01);
    String metrics = await(server.client().get("/metrics").send()).bodyAsString();
    assertTrue(
        metrics
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("earshot_training_duration_seconds_count") && !l.endsWith(" 0.0")),
        "training duration is recorded");
    Await.until(
        Duration.ofSeconds(15),
        "jobs by state in /metrics",
        () -> {
          try {
            return await(server.client().get("/metrics").send())
                .bodyAsString()
                .contains("earshot_jobs{state=\"succeeded\"}");
          } catch (Exception e) {
            return false;
          }
        });
  }

  private static MultipartForm form(String label, int files, int augment) {
    MultipartForm form = MultipartForm.create();
    if (label != null) {
      form.attribute("label", label);
    }
    if (augment > 0) {
      form.attribute("augment", String.valueOf(augment));
    }
    for (int i = 0; i < files; i++) {
      form.binaryFileUpload(
          "files",
          i + ".wav",
          Buffer.buffer(
              TestAudio.wav(
                  TestAudio.tone(180 + 7 * i, 1.0, label == null ? i : label.hashCode() + i))),
          "audio/wav");
    }
    return form;
  }

  private static HttpResponse<Buffer> upload(MultipartForm form) throws Exception {
    return server.upload(form, KEY);
  }
}
