package io.earshot.http;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.TestAudio;
import io.earshot.testing.TestModels;
import io.earshot.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prediction API as a client sees it: each request, then the status, headers and body. */
class PredictionApiTest {
  private static final long MAX_UPLOAD = 400_000;
  @TempDir static Path root;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            TestServer.config(
                root,
                new JsonObject().put("max_upload_bytes", MAX_UPLOAD).put("batch_max_files", 4)));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void healthReportsTheLoadedModelAndNoRedis() throws Exception {
    JsonObject health = await(server.client().get("/api/v1/health").send()).bodyAsJsonObject();
    assertEquals("UP", health.getString("status"));
    assertEquals(true, health.getBoolean("model_loaded"));
    assertEquals("1", health.getString("model_version"), "the shipped model becomes version 1");
    assertEquals("DISABLED", health.getString("redis"));
    assertEquals(200, await(server.client().get("/api/v1/health/live").send()).statusCode());
    assertEquals(200, await(server.client().get("/api/v1/health/ready").send()).statusCode());
  }

  @Test
  void classifiesAnUploadedClip() throws Exception {
    HttpResponse<Buffer> response =
        upload("/api/v1/predictions/single", "file", TestAudio.wav(TestAudio.tone(240, 1.5, 999)));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals("low", body.getString("predicted_class"));
    assertEquals("1", body.getString("model_version"));
    assertEquals(1.5, body.getDouble("duration_s"), 0.01);
    JsonObject probabilities = body.getJsonObject("probabilities");
    assertEquals(TestModels.CLASSES.size(), probabilities.size());
    double sum =
        probabilities.stream().mapToDouble(e -> ((Number) e.getValue()).doubleValue()).sum();
    assertEquals(1.0, sum, 0.01);
    assertEquals(probabilities.getDouble("low"), body.getDouble("confidence"), 1e-4);
    assertTrue(body.getDouble("processing_time_ms") > 0);
    assertNotNull(response.getHeader("X-Request-Id"));
  }

  @Test
  void explainNamesTheFeaturesThatPushedTheAnswer() throws Exception {
    MultipartForm form =
        MultipartForm.create()
            .binaryFileUpload(
                "file",
                "t.wav",
                Buffer.buffer(TestAudio.wav(TestAudio.tone(1900, 1.0, 5))),
                "audio/wav");
    HttpResponse<Buffer> response =
        await(
            server
                .client()
                .post("/api/v1/predictions/single?explain=true")
                .sendMultipartForm(form));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonArray explanation = response.bodyAsJsonObject().getJsonArray("explanation");
    assertTrue(explanation != null && !explanation.isEmpty(), response.bodyAsString());
    JsonObject first = explanation.getJsonObject(0);
    assertTrue(TestModels.tiny().metadata().featureNames().contains(first.getString("feature")));
    assertNotNull(first.getString("group"));
    double previous = Double.MAX_VALUE;
    for (int i = 0; i < explanation.size(); i++) {
      double magnitude = Math.abs(explanation.getJsonObject(i).getDouble("contribution"));
      assertTrue(magnitude <= previous + 1e-9, "largest push first");
      previous = magnitude;
    }
  }

  @Test
  void recentPredictionsListTheLatestAnswersNewestFirst() throws Exception {
    upload("/api/v1/predictions/single", "file", TestAudio.wav(TestAudio.noise(1.0, 4242)));
    upload("/api/v1/predictions/single", "file", TestAudio.wav(TestAudio.tone(2100, 1.0, 4243)));
    JsonArray items =
        await(server.client().get("/api/v1/predictions/recent?limit=2").send())
            .bodyAsJsonObject()
            .getJsonArray("items");
    assertEquals(2, items.size());
    assertEquals("high", items.getJsonObject(0).getString("predicted_class"));
    assertEquals("1", items.getJsonObject(0).getString("model_version"));
  }

  @Test
  void acceptsBase64JsonAndEchoesTheLanguage() throws Exception {
    String encoded = Base64.getEncoder().encodeToString(TestAudio.wav(TestAudio.noise(1.0, 77)));
    HttpResponse<Buffer> response =
        await(
            server
                .client()
                .post("/api/v1/predictions/single")
                .sendJsonObject(
                    new JsonObject()
                        .put("audio_base64", encoded)
                        .put("filename", "n.wav")
                        .put("language", "ta")));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("noise", response.bodyAsJsonObject().getString("predicted_class"));
    assertEquals("ta", response.bodyAsJsonObject().getString("language"));
  }

  @Test
  void invalidBase64IsA400SayingSo() throws Exception {
    HttpResponse<Buffer> response =
        await(
            server
                .client()
                .post("/api/v1/predictions/single")
                .sendJsonObject(new JsonObject().put("audio_base64", "not base64 at all!!")));
    assertProblem(response, 400, "base64");
  }

  @Test
  void aBodyThatIsNotJsonIsA400SayingSoAndTheServerKeepsAnswering() throws Exception {
    HttpResponse<Buffer> response =
        await(
            server
                .client()
                .post("/api/v1/predictions/single")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"audio_base64\": \"UklGR")));
    assertProblem(response, 400, "not valid JSON");
    HttpResponse<Buffer> noAudio =
        await(
            server
                .client()
                .post("/api/v1/predictions/single")
                .sendJsonObject(new JsonObject().put("filename", "x.wav")));
    assertProblem(noAudio, 400, "audio_base64");
    assertEquals(
        200, await(server.client().get("/api/v1/health").send()).statusCode(), "still healthy");
  }

  @Test
  void missingFileIsA400() throws Exception {
    HttpResponse<Buffer> response =
        await(
            server
                .client()
                .post("/api/v1/predictions/single")
                .sendMultipartForm(MultipartForm.create().attribute("label", "x")));
    assertProblem(response, 400, "'file'");
  }

  @Test
  void oversizedFileIsA413() throws Exception {
    byte[] big = TestAudio.wav(TestAudio.noise(MAX_UPLOAD / 2.0 / TestAudio.RATE + 1, 5));
    assertTrue(big.length > MAX_UPLOAD);
    assertProblem(upload("/api/v1/predictions/single", "file", big), 413, "");
  }

  @Test
  void textFileIsA415() throws Exception {
    assertProblem(
        upload(
            "/api/v1/predictions/single",
            "file",
            "hello, not audio".getBytes(StandardCharsets.UTF_8)),
        415,
        "WAV");
  }

  @Test
  void truncatedOrTooShortAudioIsA422AndTheServerStaysHealthy() throws Exception {
    byte[] wav = TestAudio.wav(TestAudio.tone(440, 1.0, 1));
    assertProblem(upload("/api/v1/predictions/single", "file", Arrays.copyOf(wav, 60)), 422, "");
    assertProblem(
        upload("/api/v1/predictions/single", "file", TestAudio.wav(new float[100])), 422, "");
    JsonObject health = await(server.client().get("/api/v1/health").send()).bodyAsJsonObject();
    assertEquals("UP", health.getString("status"));
  }

  @Test
  void batchAnswersInInputOrderWithErrorsInline() throws Exception {
    MultipartForm form =
        MultipartForm.create()
            .binaryFileUpload(
                "files",
                "a.wav",
                Buffer.buffer(TestAudio.wav(TestAudio.tone(1800, 1, 3))),
                "audio/wav")
            .binaryFileUpload(
                "files",
                "b.txt",
                Buffer.buffer("nope".getBytes(StandardCharsets.UTF_8)),
                "text/plain")
            .binaryFileUpload(
                "files", "c.wav", Buffer.buffer(TestAudio.wav(TestAudio.noise(1, 4))), "audio/wav");
    HttpResponse<Buffer> response =
        await(server.client().post("/api/v1/predictions/batch").sendMultipartForm(form));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonArray results = response.bodyAsJsonObject().getJsonArray("results");
    assertEquals(3, results.size());
    assertEquals(
        "high", results.getJsonObject(0).getJsonObject("prediction").getString("predicted_class"));
    assertEquals(415, results.getJsonObject(1).getJsonObject("error").getInteger("status"));
    assertEquals("b.txt", results.getJsonObject(1).getString("filename"));
    assertEquals(
        "noise", results.getJsonObject(2).getJsonObject("prediction").getString("predicted_class"));
  }

  @Test
  void batchOverTheConfiguredCountIsRefused() throws Exception {
    MultipartForm form = MultipartForm.create();
    for (int i = 0; i < 5; i++) {
      form.binaryFileUpload(
          "files", i + ".wav", Buffer.buffer(TestAudio.wav(TestAudio.noise(0.5, i))), "audio/wav");
    }
    assertProblem(
        await(server.client().post("/api/v1/predictions/batch").sendMultipartForm(form)),
        413,
        "at most 4");
  }

  @Test
  void silenceIsAnsweredUnknownSilentWithProbabilities() throws Exception {
    HttpResponse<Buffer> response =
        upload("/api/v1/predictions/single", "file", TestAudio.wav(new float[TestAudio.RATE]));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertTrue(body.containsKey("predicted_class") && body.getValue("predicted_class") == null);
    assertEquals("silent", body.getString("unknown_reason"));
    assertEquals(TestModels.CLASSES.size(), body.getJsonObject("probabilities").size());
    assertTrue(body.getDouble("novelty") >= 0 && body.getDouble("novelty") <= 1);
    JsonObject latest =
        await(server.client().get("/api/v1/predictions/recent?limit=1").send())
            .bodyAsJsonObject()
            .getJsonArray("items")
            .getJsonObject(0);
    assertEquals("silent", latest.getString("unknown_reason"), "the recent log says why");
  }

  @Test
  void anAnsweredClipSaysNoReasonAndGivesItsNovelty() throws Exception {
    JsonObject body =
        upload("/api/v1/predictions/single", "file", TestAudio.wav(TestAudio.tone(2000, 1, 31)))
            .bodyAsJsonObject();
    assertEquals("high", body.getString("predicted_class"));
    assertTrue(body.containsKey("unknown_reason") && body.getValue("unknown_reason") == null);
    assertTrue(body.getDouble("novelty") < 0.98, body.encode());
  }

  @Test
  void modelInfoSaysWhatTheNoveltyThresholdMeans() throws Exception {
    JsonObject novelty =
        await(server.client().get("/api/v1/model-info").send())
            .bodyAsJsonObject()
            .getJsonObject("novelty");
    assertEquals(0.98, novelty.getDouble("threshold"), 1e-12);
    assertTrue(novelty.getDouble("distance_threshold") > 0);
    double rate = novelty.getDouble("holdout_novel_rate");
    assertTrue(rate >= 0 && rate <= 1, novelty.encode());
    JsonObject info = await(server.client().get("/api/v1/model-info").send()).bodyAsJsonObject();
    assertTrue(info.containsKey("confidence_floor"), info.encode());
  }

  @Test
  void driftCountsTheRecentNonSilentPredictionsAndWaitsForEnoughOfThem() throws Exception {
    int before =
        await(server.client().get("/api/v1/drift").send()).bodyAsJsonObject().getInteger("window");
    upload("/api/v1/predictions/single", "file", TestAudio.wav(TestAudio.tone(2000, 1, 41)));
    upload("/api/v1/predictions/single", "file", TestAudio.wav(new float[TestAudio.RATE]));
    JsonObject drift = await(server.client().get("/api/v1/drift").send()).bodyAsJsonObject();
    assertEquals(before + 1, drift.getInteger("window"), "silence is not recorded: " + drift);
    assertEquals("insufficient_data", drift.getString("level"));
    assertEquals("1", drift.getString("model_version"));
    assertTrue(drift.getInteger("minimum_window") > drift.getInteger("window"));
  }

  @Test
  void aClientsMinConfidenceTurnsAnAnswerUncertainInSingleJsonAndBatch() throws Exception {
    byte[] wav = TestAudio.wav(TestAudio.tone(2000, 1, 32));
    JsonObject single =
        upload("/api/v1/predictions/single?min_confidence=1", "file", wav).bodyAsJsonObject();
    assertEquals("uncertain", single.getString("unknown_reason"), single.encode());
    assertEquals(null, single.getValue("predicted_class"));

    JsonObject json = postJson(wav, 1.0).bodyAsJsonObject();
    assertEquals("uncertain", json.getString("unknown_reason"), json.encode());

    JsonObject batch =
        upload("/api/v1/predictions/batch?min_confidence=1", "files", wav).bodyAsJsonObject();
    JsonObject first = batch.getJsonArray("results").getJsonObject(0);
    assertEquals("uncertain", first.getJsonObject("prediction").getString("unknown_reason"));
  }

  @Test
  void aMinConfidenceOutsideZeroToOneIsA400() throws Exception {
    byte[] wav = TestAudio.wav(TestAudio.tone(2000, 1, 33));
    for (String bad : new String[] {"1.5", "-0.1", "high", "NaN"}) {
      assertProblem(
          upload("/api/v1/predictions/single?min_confidence=" + bad, "file", wav),
          400,
          "min_confidence");
    }
    assertProblem(
        upload("/api/v1/predictions/batch?min_confidence=2", "files", wav), 400, "min_confidence");
    assertProblem(postJson(wav, "very"), 400, "min_confidence");
    assertEquals(200, await(server.client().get("/api/v1/health/ready").send()).statusCode());
  }

  private static HttpResponse<Buffer> postJson(byte[] wav, Object minConfidence) throws Exception {
    return await(
        server
            .client()
            .post("/api/v1/predictions/single")
            .sendJsonObject(
                new JsonObject()
                    .put("audio_base64", Base64.getEncoder().encodeToString(wav))
                    .put("min_confidence", minConfidence)));
  }

  @Test
  void unknownRouteIsAProblem404() throws Exception {
    assertProblem(await(server.client().get("/api/v1/does-not-exist").send()), 404, "no route");
  }

  private static HttpResponse<Buffer> upload(String path, String field, byte[] bytes)
      throws Exception {
    MultipartForm form =
        MultipartForm.create()
            .binaryFileUpload(field, "clip.wav", Buffer.buffer(bytes), "audio/wav");
    return await(server.client().post(path).sendMultipartForm(form));
  }
}
