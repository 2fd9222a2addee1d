package io.earshot.http;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.TestAudio;
import io.earshot.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood against one worker and a hand-off queue of two: the overflow is refused at once with 503
 * and Retry-After, everything admitted is answered, and memory does not grow with the flood.
 */
class PredictionFloodTest {
  private static final int WAVES = 6;
  private static final int CONCURRENT = 60;

  /**
   * Generous: the uploads of a whole wave are a few MB; a queue without bound would hold all of
   * them.
   */
  private static final long HEAP_GROWTH_LIMIT = 256L * 1024 * 1024;

  @TempDir static Path root;
  static TestServer server;
  static Vertx clientVertx;
  static WebClient flood;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            TestServer.config(
                root,
                new JsonObject()
                    .put("workers", 1)
                    .put("worker_queue_capacity", 2)
                    .put("retry_after_seconds", 2)));
    clientVertx = Vertx.vertx();
    // The default pool opens 5 connections per host, which would queue the flood in the client.
    flood =
        WebClient.create(
            clientVertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()),
            new PoolOptions().setHttp1MaxSize(CONCURRENT));
  }

  @AfterAll
  static void stop() throws Exception {
    flood.close();
    await(clientVertx.close());
    server.close();
  }

  @Test
  void overflowIsRefusedWithRetryAfterAndEverythingElseAnswered() throws Exception {
    Buffer clip = Buffer.buffer(TestAudio.wav(TestAudio.tone(240, 2.0, 11)));
    // Warm-up, so the first wave does not also pay for class loading; its answer is the reference.
    String expectedClass = predict(clip).bodyAsJsonObject().getString("predicted_class");
    long heapBefore = usedHeap();
    int ok = 0;
    int refused = 0;
    for (int wave = 0; wave < WAVES; wave++) {
      List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
      for (int i = 0; i < CONCURRENT; i++) {
        answers.add(
            flood
                .post("/api/v1/predictions/single")
                .timeout(TimeUnit.SECONDS.toMillis(60))
                .sendMultipartForm(
                    MultipartForm.create().binaryFileUpload("file", "f.wav", clip, "audio/wav")));
      }
      for (Future<HttpResponse<Buffer>> answer : answers) {
        HttpResponse<Buffer> response =
            answer.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        if (response.statusCode() == 503) {
          refused++;
          assertEquals("2", response.getHeader("Retry-After"));
          assertEquals(Problem.CONTENT_TYPE, response.getHeader("Content-Type"));
          assertEquals(
              "overloaded", response.bodyAsJsonObject().getString("type").replaceAll(".*/", ""));
        } else {
          assertEquals(200, response.statusCode(), response.bodyAsString());
          assertEquals(
              expectedClass,
              response.bodyAsJsonObject().getString("predicted_class"),
              "same clip, same answer");
          ok++;
        }
      }
    }
    long heapAfter = usedHeap();
    System.out.printf(
        "flood: %d answered, %d refused with 503, used heap %d MB -> %d MB%n",
        ok, refused, heapBefore >> 20, heapAfter >> 20);
    assertEquals(WAVES * CONCURRENT, ok + refused);
    assertTrue(refused > 0, "60 at once cannot all fit in 1 worker + 2 queued; ok " + ok);
    assertTrue(ok >= WAVES, "each wave gets some answers through; refused " + refused);
    assertTrue(
        heapAfter - heapBefore < HEAP_GROWTH_LIMIT,
        "heap grew by " + (heapAfter - heapBefore) / (1024 * 1024) + " MB over the flood");

    JsonObject health = await(server.client().get("/api/v1/health").send()).bodyAsJsonObject();
    assertEquals("UP", health.getString("status"));
    assertEquals(200, predict(clip).statusCode(), "the pool is free again after the flood");
    String metrics = await(server.client().get("/metrics").send()).bodyAsString();
    assertEquals(
        refused,
        MetricsApiTest.value(metrics, "earshot_worker_rejections_total", "").orElseThrow(),
        0.0,
        "every 503 was counted as a rejection");
  }

  private static HttpResponse<Buffer> predict(Buffer clip) throws Exception {
    return await(
        server
            .client()
            .post("/api/v1/predictions/single")
            .sendMultipartForm(
                MultipartForm.create().binaryFileUpload("file", "f.wav", clip, "audio/wav")));
  }

  private static long usedHeap() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
