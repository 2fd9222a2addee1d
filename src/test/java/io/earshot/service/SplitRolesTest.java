package io.earshot.service;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.config.EarshotConfig;
import io.earshot.testing.Await;
import io.earshot.testing.ChildInstance;
import io.earshot.testing.RedisServerExtension;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestModels;
import io.earshot.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles split over real instances on one real Redis, as the compose file's {@code api} and {@code
 * worker} services and the Kubernetes Deployments run them: an API-only instance queues, a
 * training-only instance (its own JVM, so its own instance id) trains, and the API serves the
 * result. Without a training instance the job waits in the queue, untouched.
 */
class SplitRolesTest {
  /** The key {@link TwoInstancesTest#uploadThreeClasses} sends. */
  private static final String KEY = TwoInstancesTest.KEY;

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  @TempDir Path root;

  @Test
  void aRetrainPostedToTheApiRunsOnTheTrainingInstanceAndTheApiThenServesTheNewModel()
      throws Exception {
    String prefix = RedisServerExtension.freshPrefix();
    try (TestServer api = TestServer.start(config("api", prefix, "http"));
        ChildInstance trainer = trainingInstance(prefix)) {
      assertEquals(new JsonArray().add("http"), health(api).getJsonArray("roles"));
      assertEquals(
          new JsonArray().add("training"), trainer.getJson("/api/v1/health").getJsonArray("roles"));
      TwoInstancesTest.uploadThreeClasses(api);

      String jobId = retrain(api);
      Await.until(
          Duration.ofSeconds(90),
          "the job succeeded",
          () -> "succeeded".equals(TwoInstancesTest.status(api, jobId).getString("status")));
      JsonObject done = TwoInstancesTest.status(api, jobId);
      String trainerId = trainer.instanceId();
      assertTrue(
          done.getString("worker_id").startsWith(trainerId + "/retrain/"),
          "run by the training instance " + trainerId + ": " + done.encode());
      String version = done.getJsonObject("result").getString("model_version");
      assertEquals("2", version);

      Await.until(
          Duration.ofSeconds(5),
          "the API instance serves version 2",
          () -> version.equals(TwoInstancesTest.versionQuietly(api)));
      HttpResponse<Buffer> answer =
          await(
              api.client()
                  .post("/api/v1/predictions/single")
                  .sendMultipartForm(
                      MultipartForm.create()
                          .binaryFileUpload(
                              "file",
                              "probe.wav",
                              Buffer.buffer(TestAudio.wav(TestAudio.tone(2100, 1.0, 77))),
                              "audio/wav")));
      assertEquals(200, answer.statusCode(), answer.bodyAsString());
      assertEquals(version, answer.bodyAsJsonObject().getString("model_version"));
    }
  }

  @Test
  void withNoTrainingInstanceTheJobStaysQueuedUntilOneComes() throws Exception {
    String prefix = RedisServerExtension.freshPrefix();
    try (TestServer api = TestServer.start(config("api", prefix, "http"))) {
      TwoInstancesTest.uploadThreeClasses(api);
      String jobId = retrain(api);
      // Nothing to wait for when nothing should happen: watch for 20 of the runner's poll
      // intervals, long enough for any runner on this instance to have claimed the job many times.
      Instant until = Instant.now().plusSeconds(4);
      while (Instant.now().isBefore(until)) {
        JsonObject queued = TwoInstancesTest.status(api, jobId);
        assertEquals("queued", queued.getString("status"), queued.encode());
        assertNull(queued.getString("worker_id"), queued.encode());
        assertEquals(0, queued.getInteger("attempts"), queued.encode());
        Thread.sleep(100);
      }

      // The same job was claimable all along: a training instance arriving runs it.
      try (TestServer trainer = TestServer.start(config("trainer", prefix, "training"))) {
        Await.until(
            Duration.ofSeconds(90),
            "the arriving training instance ran the job",
            () -> "succeeded".equals(TwoInstancesTest.status(api, jobId).getString("status")));
      }
    }
  }

  @Test
  void aSplitRoleWithoutRedisIsRefusedAtStartInOneLine() throws Exception {
    IllegalStateException exited =
        assertThrows(
            IllegalStateException.class,
            () ->
                ChildInstance.start(
                    root.resolve("alone"),
                    new JsonObject(),
                    Map.of(
                        "ROLES", "http",
                        "MODEL_DIR", TestModels.tinyModelDir(root).toString(),
                        "DATA_DIR", root.resolve("alone-data").toString())));
    String log = exited.getMessage();
    assertTrue(log.contains("earshot: ROLES=http needs REDIS_URL"), log);
  }

  private ChildInstance trainingInstance(String prefix) throws Exception {
    return ChildInstance.start(
        root.resolve("trainer"),
        new JsonObject()
            .put("roles", "training")
            .put("redis_key_prefix", prefix)
            .put("training_poll_ms", 200)
            .put("http_instances", 1),
        Map.of(
            "REDIS_URL", redis.url(),
            "MODEL_DIR", TestModels.tinyModelDir(root.resolve("trainer-model")).toString(),
            "DATA_DIR", Files.createDirectories(root.resolve("trainer-data")).toString()));
  }

  private EarshotConfig config(String name, String prefix, String roles) throws Exception {
    return TestServer.config(
        Files.createDirectories(root.resolve(name)),
        new JsonObject()
            .put("roles", roles)
            .put("redis_url", redis.url())
            .put("redis_key_prefix", prefix)
            .put("api_key", KEY)
            .put("training_poll_ms", 200)
            .put("http_instances", 1));
  }

  private static String retrain(TestServer api) throws Exception {
    HttpResponse<Buffer> accepted =
        await(
            api.client()
                .post("/api/v1/retrain")
                .putHeader("X-API-Key", KEY)
                .sendJsonObject(
                    new JsonObject()
                        .put("rounds", 60)
                        .put("search", new JsonObject().put("trials", 0))));
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    return accepted.bodyAsJsonObject().getString("job_id");
  }

  private static JsonObject health(TestServer server) throws Exception {
    return await(server.client().get("/api/v1/health").send()).bodyAsJsonObject();
  }
}
