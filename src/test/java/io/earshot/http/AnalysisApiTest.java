package io.earshot.http;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.Await;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestModels;
import io.earshot.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recordings through POST /api/v1/analyses: windows, events, tables, and every bad request. */
class AnalysisApiTest {
  private static final double SYNC_MAX_SECONDS = 20;
  private static final double JOB_MAX_SECONDS = 40;
  @TempDir static Path root;
  static TestServer server;

  /** 2 s of silence, a 2 s high tone, 2 s of silence. */
  static byte[] recording;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            TestServer.config(
                root,
                new JsonObject()
                    .put("analysis_sync_max_seconds", SYNC_MAX_SECONDS)
                    .put("analysis_max_seconds", JOB_MAX_SECONDS)
                    .put("training_poll_ms", 100)));
    float[] samples = new float[6 * TestAudio.RATE];
    float[] tone = TestAudio.tone(2000, 2, 5);
    System.arraycopy(tone, 0, samples, 2 * TestAudio.RATE, tone.length);
    recording = TestAudio.wav(samples);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void aRecordingIsAnsweredWindowByWindowWithItsEvents() throws Exception {
    HttpResponse<Buffer> response = post("?window_s=1&hop_s=0.5", recording);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(6, body.getDouble("duration_s"), 1e-3);
    assertEquals("1", body.getString("model_version"));
    assertEquals(1, body.getDouble("window_s"));
    assertEquals(0.5, body.getDouble("hop_s"));
    assertEquals(0, body.getDouble("merge_gap_s"));
    assertEquals(new JsonArray(TestModels.CLASSES), body.getJsonArray("classes"));
    JsonArray segments = body.getJsonArray("segments");
    assertEquals(11, segments.size());
    JsonObject first = segments.getJsonObject(0);
    assertEquals("silent", first.getString("unknown_reason"));
    assertTrue(first.containsKey("predicted_class") && first.getValue("predicted_class") == null);
    JsonArray events = body.getJsonArray("events");
    assertEquals(1, events.size(), events.encode());
    JsonObject high = events.getJsonObject(0);
    assertEquals("high", high.getString("label"));
    assertEquals(2, high.getDouble("start_s"), 0.5 + 1e-9);
    assertEquals(4, high.getDouble("end_s"), 0.5 + 1e-9);
    assertTrue(high.getInteger("segments") >= 2);
  }

  @Test
  void csvAndRavenTablesHaveOneRowPerEvent() throws Exception {
    HttpResponse<Buffer> csv = post("?window_s=1&format=csv", recording);
    assertEquals(200, csv.statusCode(), csv.bodyAsString());
    assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
    String[] rows = csv.bodyAsString().split("\r\n");
    assertEquals("label,start_s,end_s,confidence", rows[0]);
    assertEquals(2, rows.length);
    assertTrue(rows[1].startsWith("high,"), rows[1]);

    HttpResponse<Buffer> raven = post("?window_s=1&format=raven", recording);
    assertEquals(200, raven.statusCode());
    String[] lines = raven.bodyAsString().split("\n");
    assertTrue(lines[0].startsWith("Selection\tView\tChannel\tBegin Time (s)"));
    assertEquals("high", lines[1].split("\t")[7]);
  }

  @Test
  void base64JsonIsAcceptedLikeAPrediction() throws Exception {
    HttpResponse<Buffer> response =
        await(
            server
                .client()
                .post(AnalysisRoutes.PATH + "?window_s=2")
                .sendJsonObject(
                    new JsonObject()
                        .put("audio_base64", Base64.getEncoder().encodeToString(recording))
                        .put("filename", "night.wav")));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals(1, response.bodyAsJsonObject().getJsonArray("events").size());
  }

  @Test
  void aJsonBodyThatDoesNotParseOrHoldsNoAudioIsA400() throws Exception {
    assertProblem(
        await(
            server
                .client()
                .post(AnalysisRoutes.PATH)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"audio_base64\": "))),
        400,
        "not valid JSON");
    assertProblem(
        await(
            server
                .client()
                .post(AnalysisRoutes.PATH)
                .sendJsonObject(new JsonObject().put("audio_base64", "!!not base64!!"))),
        400,
        "base64");
  }

  @Test
  void badParametersAre400sThatNameTheParameter() throws Exception {
    assertProblem(post("?window_s=0.1", recording), 400, "window_s");
    assertProblem(post("?window_s=abc", recording), 400, "window_s");
    assertProblem(post("?window_s=2&hop_s=3", recording), 400, "hop_s");
    assertProblem(post("?merge_gap_s=-1", recording), 400, "merge_gap_s");
    assertProblem(post("?min_confidence=7", recording), 400, "min_confidence");
    assertProblem(post("?format=xml", recording), 400, "json, csv or raven");
    MultipartForm wrongField =
        MultipartForm.create()
            .binaryFileUpload("files", "r.wav", Buffer.buffer(recording), "audio/wav");
    assertProblem(
        await(server.client().post(AnalysisRoutes.PATH).sendMultipartForm(wrongField)),
        400,
        "'file'");
    assertEquals(200, await(server.client().get("/api/v1/health/ready").send()).statusCode());
  }

  @Test
  void aRecordingLongerThanTheLongestJobIsRefusedWithTheLimit() throws Exception {
    byte[] longer = TestAudio.wav(new float[(int) ((JOB_MAX_SECONDS + 5) * TestAudio.RATE)]);
    assertProblem(post("", longer), 422, "at most 40 s");
    assertNoRecordingsKept();
  }

  @Test
  void aRecordingLongerThanTheSynchronousLimitBecomesAJobWhoseResultIsReadLater() throws Exception {
    // 30 s: silence, then the high tone from 12 s to 16 s
    float[] samples = new float[30 * TestAudio.RATE];
    float[] tone = TestAudio.tone(2000, 4, 9);
    System.arraycopy(tone, 0, samples, 12 * TestAudio.RATE, tone.length);
    HttpResponse<Buffer> accepted = post("?window_s=2&hop_s=1", TestAudio.wav(samples));
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    JsonObject job = accepted.bodyAsJsonObject();
    assertEquals("analysis", job.getString("type"));
    String location = accepted.getHeader("Location");
    assertEquals(AnalysisRoutes.PATH + "/" + job.getString("job_id"), location);
    assertEquals(30, job.getJsonObject("params").getDouble("duration_s"), 1e-9);
    assertEquals("r.wav", job.getJsonObject("params").getString("filename"));

    Await.until(
        java.time.Duration.ofSeconds(30),
        "the analysis job's result",
        () -> get(location).statusCode() == 200);
    JsonObject result = get(location).bodyAsJsonObject();
    assertEquals(30, result.getDouble("duration_s"), 1e-3);
    assertEquals(29, result.getJsonArray("segments").size());
    JsonArray events = result.getJsonArray("events");
    assertEquals(1, events.size(), events.encode());
    assertEquals("high", events.getJsonObject(0).getString("label"));
    assertEquals(12, events.getJsonObject(0).getDouble("start_s"), 1 + 1e-9);
    assertEquals(16, events.getJsonObject(0).getDouble("end_s"), 2 + 1e-9);

    HttpResponse<Buffer> csv = get(location + "?format=csv");
    assertEquals(200, csv.statusCode());
    assertEquals(2, csv.bodyAsString().split("\r\n").length, csv.bodyAsString());
    assertProblem(get(location + "?format=xml"), 400, "json, csv or raven");

    JsonObject finished =
        await(server.client().get("/api/v1/jobs/" + job.getString("job_id")).send())
            .bodyAsJsonObject();
    assertEquals("succeeded", finished.getString("status"));
    assertEquals(1, finished.getJsonObject("result").getInteger("events"));
    Await.until(
        java.time.Duration.ofSeconds(5), "the recording deleted", () -> recordingsKept() == 0);
  }

  @Test
  void anAnalysisThatIsNotThereIsA404() throws Exception {
    assertProblem(get(AnalysisRoutes.PATH + "/no-such-job"), 404, "no analysis with id");
    // a retrain job is a job, but not an analysis
    String retrain =
        await(server.client().post("/api/v1/retrain").sendJsonObject(new JsonObject()))
            .bodyAsJsonObject()
            .getString("job_id");
    assertProblem(get(AnalysisRoutes.PATH + "/" + retrain), 404, "no analysis with id");
  }

  private static HttpResponse<Buffer> get(String path) {
    try {
      return await(server.client().get(path).send());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long recordingsKept() {
    java.nio.file.Path dir = root.resolve("data").resolve("recordings");
    if (!java.nio.file.Files.isDirectory(dir)) {
      return 0;
    }
    try (var files = java.nio.file.Files.list(dir)) {
      return files.count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertNoRecordingsKept() {
    assertEquals(0, recordingsKept());
  }

  @Test
  void recordingsAreReadFromTheUploadsFolderAndNothingIsLeftThere() throws Exception {
    assertEquals(200, post("?window_s=2", recording).statusCode());
    HttpResponse<Buffer> json =
        await(
            server
                .client()
                .post(AnalysisRoutes.PATH + "?window_s=2")
                .sendJsonObject(
                    new JsonObject()
                        .put("audio_base64", Base64.getEncoder().encodeToString(recording))));
    assertEquals(200, json.statusCode(), json.bodyAsString());
    Path uploads = root.resolve("data").resolve("uploads");
    Await.until(Duration.ofSeconds(5), "the uploads deleted", () -> isEmpty(uploads));
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void somethingThatIsNotAudioIsA415() throws Exception {
    assertProblem(post("", "hello, not audio".getBytes()), 415, "");
  }

  private static HttpResponse<Buffer> post(String query, byte[] audio) throws Exception {
    MultipartForm form =
        MultipartForm.create().binaryFileUpload("file", "r.wav", Buffer.buffer(audio), "audio/wav");
    return await(server.client().post(AnalysisRoutes.PATH + query).sendMultipartForm(form));
  }
}
