package io.earshot.service;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.earshot.testing.Await;
import io.earshot.testing.RedisServerExtension;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis going away must not stop predictions; health says so, routes that need Redis answer 503
 * with Retry-After, and the service comes back by itself.
 */
class RedisOutageTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  @TempDir Path root;

  @Test
  void predictionsSurviveARedisRestartAndHealthRecovers() throws Exception {
    assumeTrue(redis.managed(), "needs a Redis this test may stop");
    try (TestServer server =
        TestServer.start(
            TestServer.config(
                root,
                new JsonObject()
                    .put("redis_url", redis.url())
                    .put("redis_key_prefix", RedisServerExtension.freshPrefix())
                    .put("http_instances", 1)))) {
      assertEquals("UP", health(server).getString("redis"));

      redis.stop();
      Await.until(
          Duration.ofSeconds(15),
          "health DEGRADED with redis DOWN",
          () ->
              "DEGRADED".equals(healthQuietly(server).getString("status"))
                  && "DOWN".equals(healthQuietly(server).getString("redis")));
      assertEquals(
          "high", predict(server).getString("predicted_class"), "predictions keep working");
      assertStoreUnavailable(await(server.client().get("/api/v1/jobs").send()));
      assertStoreUnavailable(await(server.client().get("/api/v1/train-status").send()));
      assertStoreUnavailable(
          await(server.client().post("/api/v1/retrain").sendJsonObject(new JsonObject())));

      redis.start();
      Await.until(
          Duration.ofSeconds(20),
          "health UP again",
          () -> "UP".equals(healthQuietly(server).getString("status")));
      assertEquals("high", predict(server).getString("predicted_class"));
      HttpResponse<Buffer> jobs = await(server.client().get("/api/v1/jobs").send());
      assertEquals(
          200,
          jobs.statusCode(),
          "Redis-backed routes work after the reconnect: " + jobs.bodyAsString());
    }
  }

  /** Routes that need Redis say "come back later" (503, Retry-After), not "we failed" (500). */
  private static void assertStoreUnavailable(HttpResponse<Buffer> response) {
    assertEquals(503, response.statusCode(), response.bodyAsString());
    assertEquals("2", response.getHeader("Retry-After"));
    assertEquals(
        "https://earshot.dev/problems/store-unavailable",
        response.bodyAsJsonObject().getString("type"));
  }

  private static JsonObject predict(TestServer server) throws Exception {
    MultipartForm form =
        MultipartForm.create()
            .binaryFileUpload(
                "file",
                "x.wav",
                Buffer.buffer(TestAudio.wav(TestAudio.tone(1900, 1.0, 42))),
                "audio/wav");
    HttpResponse<Buffer> response =
        await(server.client().post("/api/v1/predictions/single").sendMultipartForm(form));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static JsonObject health(TestServer server) throws Exception {
    return await(server.client().get("/api/v1/health").send()).bodyAsJsonObject();
  }

  private static JsonObject healthQuietly(TestServer server) {
    try {
      return health(server);
    } catch (Exception e) {
      return new JsonObject();
    }
  }
}
