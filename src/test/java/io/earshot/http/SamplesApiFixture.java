package io.earshot.http;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.earshot.pipeline.Hashing;
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
import java.util.ArrayList;
import java.util.List;
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

  /** The back end's settings (none for in-process; a Redis URL and a fresh prefix). */
  abstract JsonObject backEnd();

  /** Settings a suite adds to every instance it starts (none by default). */
  JsonObject settings() {
    return new JsonObject();
  }

  /** Another instance on the same kind of back end, with its own data: a second deployment. */
  TestServer startAnother(Path dir) throws Exception {
    return TestServer.start(TestServer.config(Files.createDirectories(dir), instanceSettings()));
  }

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(TestServer.config(root, instanceSettings()));
  }

  private JsonObject instanceSettings() {
    return backEnd()
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

  JsonObject counts() throws Exception {
    return json("/api/v1/dataset").getJsonObject("counts");
  }

  static List<String> shas(JsonArray items) {
    List<String> shas = new ArrayList<>();
    items.forEach(item -> shas.add(((JsonObject) item).getString("sha256")));
    return shas;
  }
}
