package io.earshot.service;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.config.EarshotConfig;
import io.earshot.testing.Await;
import io.earshot.testing.RedisServerExtension;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real instances sharing one real Redis, as behind nginx: data uploaded on one, a retrain asked
 * of the other, progress watched over WebSocket on the first, and every instance switching model
 * together — forward and back. {@link RedisClusterTest} runs the same on a Redis Cluster.
 */
class TwoInstancesTest {
  static final String KEY = "secret-key";
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  @TempDir Path root;

  /** The Redis both instances share. */
  String redisUrl() {
    return redis.url();
  }

  /** The key prefix of one test's instances (empty: the default); fresh, so tests never meet. */
  Optional<String> keyPrefix() {
    return Optional.of(RedisServerExtension.freshPrefix());
  }

  @Test
  void uploadOnARetrainThroughBWatchOnAAndBothServeTheNewVersion() throws Exception {
    Optional<String> prefix = keyPrefix();
    try (TestServer a = TestServer.start(config("a", prefix, 30_000));
        TestServer b = TestServer.start(config("b", prefix, 30_000));
        Watcher watcher = new Watcher(a.port())) {
      assertEquals("1", version(a));
      assertEquals("1", version(b), "both instances start on the shipped model, registered once");

      uploadThreeClasses(a);
      long requested = System.nanoTime();
      HttpResponse<Buffer> accepted =
          await(
              b.client()
                  .post("/api/v1/retrain")
                  .putHeader("X-API-Key", KEY)
                  .sendJsonObject(
                      new JsonObject()
                          .put("rounds", 60)
                          .put("search", new JsonObject().put("trials", 0))));
      assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
      String jobId = accepted.bodyAsJsonObject().getString("job_id");
      assertEquals("/api/v1/jobs/" + jobId, accepted.getHeader("Location"));

      Await.until(
          Duration.ofSeconds(60),
          "finished event on A's WebSocket",
          () -> watcher.saw(jobId, "finished"));
      assertTrue(
          watcher.saw(jobId, "progress"), "progress events reach a watcher on the other instance");
      JsonObject finished = watcher.last(jobId, "finished");
      String newVersion = finished.getJsonObject("result").getString("model_version");
      assertEquals("2", newVersion);

      Await.until(
          Duration.ofSeconds(5),
          "both instances on version 2",
          () -> newVersion.equals(versionQuietly(a)) && newVersion.equals(versionQuietly(b)));
      // Reported, never asserted: machines are noisy. The figure goes into the closing notes.
      System.out.printf(
          "retrain request -> new model served on both instances: %d ms%n",
          (System.nanoTime() - requested) / 1_000_000);
      JsonObject info = await(a.client().get("/api/v1/model-info").send()).bodyAsJsonObject();
      MultipartForm clip =
          MultipartForm.create()
              .binaryFileUpload(
                  "file",
                  "probe.wav",
                  Buffer.buffer(TestAudio.wav(TestAudio.tone(2100, 1.0, 77))),
                  "audio/wav");
      assertEquals(
          200,
          await(a.client().post("/api/v1/predictions/single").sendMultipartForm(clip))
              .statusCode());
      JsonObject seenOnB =
          await(b.client().get("/api/v1/predictions/recent?limit=1").send())
              .bodyAsJsonObject()
              .getJsonArray("items")
              .getJsonObject(0);
      assertEquals(
          "probe.wav", seenOnB.getString("filename"), "the prediction log is shared through Redis");
      assertEquals(List.of("high", "low", "noise"), info.getJsonArray("classes").getList());

      HttpResponse<Buffer> rollback =
          await(
              a.client()
                  .post("/api/v1/models/1/activate")
                  .putHeader("Authorization", "Bearer " + KEY)
                  .send());
      assertEquals(200, rollback.statusCode(), rollback.bodyAsString());
      Await.until(
          Duration.ofSeconds(2),
          "both instances rolled back to version 1",
          () -> "1".equals(versionQuietly(a)) && "1".equals(versionQuietly(b)));
    }
  }

  @Test
  void aJobHeldByAnInstanceThatStopsIsFinishedByAnother() throws Exception {
    Optional<String> prefix = keyPrefix();
    TestServer a = TestServer.start(config("a", prefix, 1_500));
    uploadThreeClasses(a);
    String jobId =
        await(
                a.client()
                    .post("/api/v1/retrain")
                    .putHeader("X-API-Key", KEY)
                    .sendJsonObject(
                        new JsonObject()
                            .put("rounds", 4000)
                            .put("early_stopping_rounds", 4000)
                            .put("eta", 0.001)
                            .put("search", new JsonObject().put("trials", 0))))
            .bodyAsJsonObject()
            .getString("job_id");
    Await.until(
        Duration.ofSeconds(20),
        "A runs the job",
        () -> "running".equals(status(a, jobId).getString("status")));

    try (TestServer b = TestServer.start(config("b", prefix, 1_500))) {
      a.close(); // A stops while training: the job goes back to the queue (lease expiry on a
      // crash is covered by the JobQueue contract suite)
      Await.until(
          Duration.ofMinutes(2),
          "B finishes the job",
          () -> "succeeded".equals(status(b, jobId).getString("status")));
      JsonObject job = status(b, jobId);
      assertEquals(2, job.getInteger("attempts"), "taken over once after the visibility timeout");
      assertNotEquals(job.getString("worker_id"), null);
      JsonObject dataset = await(b.client().get("/api/v1/dataset").send()).bodyAsJsonObject();
      assertEquals(18L, dataset.getLong("total"), "nothing uploaded on A was lost");
    }
  }

  private EarshotConfig config(String name, Optional<String> prefix, long visibilityMs)
      throws Exception {
    JsonObject settings =
        new JsonObject()
            .put("redis_url", redisUrl())
            .put("api_key", KEY)
            .put("job_visibility_timeout_ms", visibilityMs)
            .put("training_poll_ms", 200)
            .put("http_instances", 1);
    prefix.ifPresent(p -> settings.put("redis_key_prefix", p));
    return TestServer.config(Files.createDirectories(root.resolve(name)), settings);
  }

  static void uploadThreeClasses(TestServer server) throws Exception {
    for (var entry : TestAudio.trainingClips().entrySet()) {
      String label = entry.getKey();
      MultipartForm form = MultipartForm.create().attribute("label", label);
      List<byte[]> clips = entry.getValue();
      for (int i = 0; i < clips.size(); i++) {
        form.binaryFileUpload(
            "files", label + i + ".wav", Buffer.buffer(clips.get(i)), "audio/wav");
      }
      HttpResponse<Buffer> response =
          await(
              server
                  .client()
                  .post("/api/v1/upload-data")
                  .putHeader("X-API-Key", KEY)
                  .sendMultipartForm(form));
      assertEquals(200, response.statusCode(), response.bodyAsString());
      assertEquals(6, response.bodyAsJsonObject().getJsonArray("accepted").size());
    }
  }

  private static String version(TestServer server) throws Exception {
    return await(server.client().get("/api/v1/health").send())
        .bodyAsJsonObject()
        .getString("model_version");
  }

  static String versionQuietly(TestServer server) {
    try {
      return version(server);
    } catch (Exception e) {
      return null;
    }
  }

  /** The job as {@code server} reports it; empty when the request fails. */
  static JsonObject status(TestServer server, String jobId) {
    try {
      return await(server.client().get("/api/v1/jobs/" + jobId).send()).bodyAsJsonObject();
    } catch (Exception e) {
      return new JsonObject();
    }
  }

  /** A WebSocket client on /api/v1/ws/jobs collecting every event. */
  static final class Watcher implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();

    /** Held for the watcher's life: Vert.x closes an unreferenced client when it is collected. */
    private final WebSocketClient sockets = vertx.createWebSocketClient();

    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final WebSocket socket;

    Watcher(int port) throws Exception {
      socket = connect(port);
      socket.textMessageHandler(text -> events.add(new JsonObject(text)));
    }

    /**
     * Connects as a real client would. The client is a field: a client created inline and no longer
     * referenced is closed by Vert.x when the garbage collector finds it, sometimes while the
     * handshake is still under way (the "one handshake in twenty closed" of a busy test JVM).
     */
    private WebSocket connect(int port) throws Exception {
      return await(sockets.connect(port, "127.0.0.1", "/api/v1/ws/jobs"));
    }

    boolean saw(String jobId, String type) {
      return events.stream()
          .anyMatch(e -> jobId.equals(e.getString("job_id")) && type.equals(e.getString("type")));
    }

    JsonObject last(String jobId, String type) {
      return events.stream()
          .filter(e -> jobId.equals(e.getString("job_id")) && type.equals(e.getString("type")))
          .reduce((x, y) -> y)
          .orElseThrow();
    }

    @Override
    public void close() throws Exception {
      await(socket.close());
      await(vertx.close());
    }
  }
}
