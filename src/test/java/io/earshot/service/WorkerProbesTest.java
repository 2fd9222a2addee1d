package io.earshot.service;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.earshot.config.EarshotConfig;
import io.earshot.testing.Await;
import io.earshot.testing.RedisServerExtension;
import io.earshot.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance without the {@code http} role answers what an orchestrator and Prometheus ask of it
 * (health, liveness, readiness, metrics) on its one port, and a problem for everything else; its
 * readiness follows what its roles need.
 */
class WorkerProbesTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  @TempDir Path root;

  @Test
  void aWorkerServesProbesAndMetricsAndAnswersApiRoutesWithAProblem() throws Exception {
    try (TestServer worker = TestServer.start(config("worker", "training,analysis"))) {
      JsonObject health = json(worker, "/api/v1/health");
      assertEquals(new JsonArray().add("training").add("analysis"), health.getJsonArray("roles"));
      assertEquals("UP", health.getString("status"));
      assertEquals(200, get(worker, "/api/v1/health/live").statusCode());
      HttpResponse<Buffer> ready = get(worker, "/api/v1/health/ready");
      assertEquals(200, ready.statusCode(), ready.bodyAsString());
      assertEquals(health.getJsonArray("roles"), ready.bodyAsJsonObject().getJsonArray("roles"));
      HttpResponse<Buffer> metrics = get(worker, "/metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.bodyAsString().contains("jvm_memory_used_bytes"), "Prometheus text");

      for (String path : new String[] {"/api/v1/model-info", "/api/v1/jobs", "/", "/docs"}) {
        assertProblem(get(worker, path), 404, "the API is served by instances with the http role");
      }
      assertProblem(
          await(worker.client().post("/api/v1/retrain").sendJsonObject(new JsonObject())),
          404,
          "runs only training,analysis");
    }
  }

  @Test
  void aWorkerIsReadyOnlyWhileRedisAnswersAndAnApiInstanceStaysReady() throws Exception {
    assumeTrue(redis.managed(), "needs a Redis this test may stop");
    try (TestServer worker = TestServer.start(config("worker", "analysis"));
        TestServer api = TestServer.start(config("api", "http"))) {
      assertEquals(200, get(worker, "/api/v1/health/ready").statusCode());
      assertEquals(
          new JsonArray().add("http"), json(api, "/api/v1/health/ready").getJsonArray("roles"));

      redis.stop();
      try {
        Await.until(
            Duration.ofSeconds(15),
            "the worker not ready",
            () -> status(worker, "/api/v1/health/ready") == 503);
        assertProblem(get(worker, "/api/v1/health/ready"), 503, "Redis is DOWN");
        assertEquals(
            200,
            get(api, "/api/v1/health/ready").statusCode(),
            "predictions need no Redis: the API stays in its Service");
      } finally {
        redis.start();
      }
      Await.until(
          Duration.ofSeconds(20),
          "the worker ready again",
          () -> status(worker, "/api/v1/health/ready") == 200);
    }
  }

  private EarshotConfig config(String name, String roles) throws Exception {
    return TestServer.config(
        Files.createDirectories(root.resolve(name)),
        new JsonObject()
            .put("roles", roles)
            .put("redis_url", redis.url())
            .put("redis_key_prefix", RedisServerExtension.freshPrefix())
            .put("http_instances", 1));
  }

  private static HttpResponse<Buffer> get(TestServer server, String path) throws Exception {
    return await(server.client().get(path).send());
  }

  private static JsonObject json(TestServer server, String path) throws Exception {
    return get(server, path).bodyAsJsonObject();
  }

  private static int status(TestServer server, String path) {
    try {
      return get(server, path).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
