package io.earshot.http;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.earshot.config.EarshotConfig;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests of many files on an idle server whose pool takes three tasks (one worker, a queue of
 * two): any request up to the documented limits is answered, never told to come back (503), and one
 * over a limit is refused with the limit in the detail.
 */
class LargeRequestsApiTest {
  private static final String KEY = "k-large";
  private static final int UPLOAD_MAX_FILES = 250;
  private static final long MAX_UPLOAD_BYTES = 3_000_000;
  private static final long ANALYSIS_MAX_UPLOAD_BYTES = 1_000_000;
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
                    .put("workers", 1)
                    .put("worker_queue_capacity", 2)
                    .put("upload_max_files", UPLOAD_MAX_FILES)
                    .put("max_upload_bytes", MAX_UPLOAD_BYTES)
                    .put("analysis_max_upload_bytes", ANALYSIS_MAX_UPLOAD_BYTES)));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void aFolderOfTwoHundredClipsIsStoredFromOneUpload() throws Exception {
    MultipartForm form = MultipartForm.create().attribute("label", "folder");
    for (int i = 0; i < 200; i++) {
      form.binaryFileUpload(
          "files",
          "clip" + i + ".wav",
          Buffer.buffer(TestAudio.wav(TestAudio.tone(150 + 3 * i, 0.25, 4000 + i))),
          "audio/wav");
    }
    HttpResponse<Buffer> response = upload(form);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(200, body.getJsonArray("accepted").size(), body.getJsonArray("rejected").encode());
    assertEquals(200L, body.getJsonObject("counts").getLong("folder"));
    assertEquals(
        "clip199.wav", body.getJsonArray("accepted").getJsonObject(199).getString("filename"));
    assertNothingHeldOnThePool();
  }

  @Test
  void aFullBatchIsAnsweredInOrderWithItsBadFileInline() throws Exception {
    MultipartForm form = MultipartForm.create();
    int files = EarshotConfig.defaults().batchMaxFiles(); // 32: ten times the pool
    for (int i = 0; i < files; i++) {
      byte[] bytes =
          i == 7
              ? "not audio".getBytes(StandardCharsets.UTF_8)
              : TestAudio.wav(TestAudio.noise(0.25, 90 + i));
      form.binaryFileUpload("files", i + ".wav", Buffer.buffer(bytes), "audio/wav");
    }
    HttpResponse<Buffer> response =
        await(server.client().post("/api/v1/predictions/batch").sendMultipartForm(form));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonArray results = response.bodyAsJsonObject().getJsonArray("results");
    assertEquals(files, results.size());
    for (int i = 0; i < files; i++) {
      assertEquals(i, results.getJsonObject(i).getInteger("index"));
    }
    assertEquals(415, results.getJsonObject(7).getJsonObject("error").getInteger("status"));
    assertNothingHeldOnThePool();
  }

  @Test
  void anUploadOverTheFileLimitIsA413NamingTheLimit() throws Exception {
    MultipartForm form = MultipartForm.create().attribute("label", "many");
    for (int i = 0; i <= UPLOAD_MAX_FILES; i++) {
      form.binaryFileUpload("files", i + ".wav", Buffer.buffer(new byte[] {1}), "audio/wav");
    }
    HttpResponse<Buffer> response = upload(form);
    assertProblem(response, 413, "at most " + UPLOAD_MAX_FILES + " files");
    assertEquals(UPLOAD_MAX_FILES, response.bodyAsJsonObject().getInteger("max_files"));
    assertNothingHeldOnThePool();
  }

  @Test
  void aBodyOverTheRouteLimitIsA413NamingTheLimit() throws Exception {
    long limit = MAX_UPLOAD_BYTES * 4 / 3 + 64 * 1024;
    // However the files fall, so that one may be on disk and closed when another crosses the
    // limit: Vert.x's body handler then sometimes fails the request as "Streaming aborted".
    for (int first : new int[] {(int) (limit / 2) + 1, 1024, (int) (limit / 3), 64 * 1024}) {
      MultipartForm form =
          MultipartForm.create()
              .attribute("label", "big")
              .binaryFileUpload("files", "a.wav", Buffer.buffer(new byte[first]), "audio/wav")
              .binaryFileUpload(
                  "files", "b.wav", Buffer.buffer(new byte[(int) limit - first + 1]), "audio/wav");
      HttpResponse<Buffer> response = upload(form);
      assertProblem(response, 413, limit + " bytes");
      assertEquals(limit, response.bodyAsJsonObject().getLong("max_body_bytes"));
    }
  }

  @Test
  void aRecordingOverItsOwnRouteLimitIsA413NamingThatLimit() throws Exception {
    long limit = ANALYSIS_MAX_UPLOAD_BYTES * 4 / 3 + 64 * 1024;
    MultipartForm form =
        MultipartForm.create()
            .binaryFileUpload(
                "file", "long.wav", Buffer.buffer(new byte[(int) limit + 1]), "audio/wav");
    assertProblem(
        await(server.client().post("/api/v1/analyses").sendMultipartForm(form)),
        413,
        limit + " bytes");
  }

  private static HttpResponse<Buffer> upload(MultipartForm form) throws Exception {
    return server.upload(form, KEY);
  }

  private static void assertNothingHeldOnThePool() throws Exception {
    MetricsApiTest.assertNoWorkerSlotsHeld(server);
  }
}
