package io.earshot.http;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.earshot.pipeline.Hashing;
import io.earshot.testing.Await;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real instance per test on the back end a subclass names, and the requests the samples and
 * dataset-version suites send.
 */
abstract class SamplesApiFixture {
  static final String KEY = "k-samples";
  @TempDir Path root;
  TestServer server;

  /** This test's back end, fixed at start so a restart meets the same data. */
  private JsonObject backEnd;

  /** The back end's settings (none for in-process; a Redis URL and a fresh prefix). */
  abstract JsonObject backEnd();

  /** Settings a suite adds to every instance it starts (none by default). */
  JsonObject settings() {
    return new JsonObject();
  }

  /** Another instance on the same kind of back end, with its own data: a second deployment. */
  TestServer startAnother(Path dir) throws Exception {
    return TestServer.start(
        TestServer.config(Files.createDirectories(dir), instanceSettings(backEnd())));
  }

  @BeforeEach
  void start() throws Exception {
    backEnd = backEnd();
    server = TestServer.start(TestServer.config(root, instanceSettings(backEnd)));
  }

  /** Stops this instance and starts it again on the same data, with {@code changed} settings. */
  void restart(JsonObject changed) throws Exception {
    server.close();
    server = TestServer.start(TestServer.config(root, instanceSettings(backEnd).mergeIn(changed)));
  }

  private JsonObject instanceSettings(JsonObject backEnd) {
    return backEnd
        .copy()
        .put("api_key", KEY)
        .put("retrain_search_trials", 0)
        .put("training_poll_ms", 200)
        .put("http_instances", 1)
        .mergeIn(settings());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  static byte[] clip(int n) {
    return TestAudio.wav(TestAudio.tone(200 + 40 * n, 1.0, 9000 + n));
  }

  static String sha(byte[] clip) {
    return Hashing.sha256(clip);
  }

  HttpResponse<Buffer> upload(String label, int augment, byte[]... clips) throws Exception {
    return upload(MultipartForm.create().attribute("label", label), augment, clips);
  }

  HttpResponse<Buffer> upload(MultipartForm form, int augment, byte[]... clips) throws Exception {
    form.attribute("augment", Integer.toString(augment));
    for (int i = 0; i < clips.length; i++) {
      form.binaryFileUpload("files", "clip" + i + ".wav", Buffer.buffer(clips[i]), "audio/wav");
    }
    return server.upload(form, KEY);
  }

  HttpResponse<Buffer> get(String path) throws Exception {
    return await(server.client().get(path).send());
  }

  JsonObject json(String path) throws Exception {
    HttpResponse<Buffer> response = get(path);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  HttpResponse<Buffer> patch(String sha, Object body) throws Exception {
    return await(keyed(server.client().patch("/api/v1/samples/" + sha)).sendBuffer(buffer(body)));
  }

  HttpResponse<Buffer> delete(String sha) throws Exception {
    return await(keyed(server.client().delete("/api/v1/samples/" + sha)).send());
  }

  HttpResponse<Buffer> bulkDelete(Object body) throws Exception {
    return await(keyed(server.client().post("/api/v1/samples/delete")).sendBuffer(buffer(body)));
  }

  static HttpRequest<Buffer> keyed(HttpRequest<Buffer> request) {
    return request.putHeader("X-API-Key", KEY).putHeader("Content-Type", "application/json");
  }

  static Buffer buffer(Object body) {
    return Buffer.buffer(body instanceof JsonObject json ? json.encode() : String.valueOf(body));
  }

  /** The three test classes, six clips each, {@code augment} variants each; the clips by label. */
  Map<String, List<byte[]>> uploadThreeClasses(int augment) throws Exception {
    Map<String, List<byte[]>> clips = TestAudio.trainingClips();
    for (var entry : clips.entrySet()) {
      HttpResponse<Buffer> uploaded =
          upload(entry.getKey(), augment, entry.getValue().toArray(byte[][]::new));
      assertEquals(200, uploaded.statusCode(), uploaded.bodyAsString());
    }
    return clips;
  }

  HttpResponse<Buffer> retrain(JsonObject params) throws Exception {
    return await(keyed(server.client().post("/api/v1/retrain")).sendBuffer(buffer(params)));
  }

  /** Runs a forced retrain to the end and waits until its model is served; the job's result. */
  JsonObject trained(JsonObject params) throws Exception {
    return retrained(params.put("force", true));
  }

  /**
   * Runs a retrain to the end and, when it promoted its model, waits until that model is served;
   * the job's result.
   */
  JsonObject retrained(JsonObject params) throws Exception {
    HttpResponse<Buffer> queued = retrain(params);
    assertEquals(202, queued.statusCode(), queued.bodyAsString());
    String id = queued.bodyAsJsonObject().getString("job_id");
    Await.until(
        Duration.ofSeconds(90),
        "retrain " + id + " ends",
        () -> {
          try {
            String status = json("/api/v1/jobs/" + id).getString("status");
            return "succeeded".equals(status) || "failed".equals(status) || "dead".equals(status);
          } catch (Exception e) {
            return false;
          }
        });
    JsonObject job = json("/api/v1/jobs/" + id);
    assertEquals("succeeded", job.getString("status"), job.encode());
    JsonObject result = job.getJsonObject("result");
    if (result.getBoolean("promoted")) {
      String version = result.getString("model_version");
      // activation reaches the instance through the registry's event, a moment after the job ends
      Await.until(
          Duration.ofSeconds(10),
          "model " + version + " is served",
          () -> {
            try {
              return version.equals(json("/api/v1/model-info").getString("version"));
            } catch (Exception e) {
              return false;
            }
          });
    }
    return result;
  }

  JsonObject counts() throws Exception {
    return json("/api/v1/dataset").getJsonObject("counts");
  }

  static List<String> shas(JsonArray items) {
    List<String> shas = new ArrayList<>();
    items.forEach(item -> shas.add(((JsonObject) item).getString("sha256")));
    return shas;
  }
}
