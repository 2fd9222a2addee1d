package io.earshot.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.Await;
import io.earshot.testing.ChildInstance;
import io.earshot.testing.RedisServerExtension;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestModels;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real instances in their own JVMs sharing Redis and the data folder, as in compose: a long
 * recording is analysed as a job, the instance running it is killed with SIGKILL mid-job, and the
 * other one takes the job over and finishes it.
 */
class AnalysisTakeoverTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  @TempDir Path root;

  static final int MINUTES = 20;
  static final int TONE_EVERY_S = 120;
  static final double HOP_S = 1.5;

  @Test
  void aJobWhoseInstanceIsKilledIsFinishedByTheOther() throws Exception {
    Path models = TestModels.tinyModelDir(root);
    Path data = Files.createDirectories(root.resolve("data"));
    Path recording = writeRecording(root.resolve("long.wav"));
    JsonObject settings =
        new JsonObject()
            .put("analysis_sync_max_seconds", 60)
            .put("job_visibility_timeout_ms", 2_000)
            .put("training_poll_ms", 200)
            .put("redis_key_prefix", RedisServerExtension.freshPrefix());
    Map<String, String> env =
        Map.of(
            "REDIS_URL", redis.url(),
            "MODEL_DIR", models.toString(),
            "DATA_DIR", data.toString(),
            "WORKERS", "1");
    try (ChildInstance a = ChildInstance.start(root.resolve("a"), settings, env);
        ChildInstance b = ChildInstance.start(root.resolve("b"), settings, env)) {
      HttpResponse<String> accepted =
          a.postMultipart(
              "/api/v1/analyses?window_s=3&hop_s=" + HOP_S, Map.of(), List.of(), recording);
      assertEquals(202, accepted.statusCode(), accepted.body());
      String jobId = new JsonObject(accepted.body()).getString("job_id");
      assertEquals(
          "/api/v1/analyses/" + jobId, accepted.headers().firstValue("Location").orElseThrow());

      AtomicReference<JsonObject> running = new AtomicReference<>();
      Await.until(
          Duration.ofSeconds(30),
          "the job running somewhere",
          () -> {
            JsonObject job = a.getJson("/api/v1/jobs/" + jobId);
            running.set(job);
            return "running".equals(job.getString("status"));
          });
      String holder = running.get().getString("worker_id");
      boolean aHolds = holder.startsWith(a.instanceId() + "/");
      assertTrue(aHolds || holder.startsWith(b.instanceId() + "/"), holder);
      ChildInstance victim = aHolds ? a : b;
      ChildInstance survivor = aHolds ? b : a;
      victim.kill();

      AtomicReference<HttpResponse<String>> result = new AtomicReference<>();
      Await.until(
          Duration.ofSeconds(120),
          "the result, from the survivor",
          () -> {
            result.set(survivor.get("/api/v1/analyses/" + jobId));
            return result.get().statusCode() == 200;
          });
      JsonObject job = survivor.getJson("/api/v1/jobs/" + jobId);
      assertEquals("succeeded", job.getString("status"));
      assertEquals(2, job.getInteger("attempts"), "taken over once: " + job.encode());
      assertTrue(job.getString("worker_id").startsWith(survivor.instanceId() + "/"), job.encode());

      JsonArray events = new JsonObject(result.get().body()).getJsonArray("events");
      assertEquals(MINUTES * 60 / TONE_EVERY_S, events.size(), events.encode());
      for (int i = 0; i < events.size(); i++) {
        JsonObject event = events.getJsonObject(i);
        double toneStart = i * TONE_EVERY_S + TONE_EVERY_S / 2.0;
        assertEquals("high", event.getString("label"));
        assertEquals(toneStart, event.getDouble("start_s"), HOP_S + 1e-9, event.encode());
        // the last window holding part of the tone ends up to a window after it
        assertEquals(toneStart + 4 + 1.5, event.getDouble("end_s"), 1.5 + 1e-9, event.encode());
      }
      try (var left = Files.list(data.resolve("recordings"))) {
        assertFalse(left.findAny().isPresent(), "the recording is deleted once the job ended");
      }
    }
  }

  /** Quiet minutes with a 4 s high tone in the middle of every two. */
  static Path writeRecording(Path file) throws Exception {
    float[] samples = new float[MINUTES * 60 * TestAudio.RATE];
    for (int at = TONE_EVERY_S / 2; at < MINUTES * 60; at += TONE_EVERY_S) {
      float[] tone = TestAudio.tone(2000, 4, at);
      System.arraycopy(tone, 0, samples, at * TestAudio.RATE, tone.length);
    }
    return Files.write(file, TestAudio.wav(samples));
  }
}
