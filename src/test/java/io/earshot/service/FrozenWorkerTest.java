package io.earshot.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training worker frozen with SIGSTOP past its visibility timeout, as in a long GC pause or a
 * partition: another instance takes the job over and finishes it; the first, resumed, must not
 * register or activate anything. Exactly one new model version results.
 */
class FrozenWorkerTest {
  private static final String KEY = "frozen-key";
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  @TempDir Path root;

  @Test
  void aResumedWorkerWhoseJobWasTakenOverRegistersNothing() throws Exception {
    JsonObject settings =
        new JsonObject()
            .put("job_visibility_timeout_ms", 1_500)
            .put("training_poll_ms", 200)
            .put("redis_key_prefix", RedisServerExtension.freshPrefix());
    Map<String, String> env =
        Map.of(
            "REDIS_URL", redis.url(),
            "MODEL_DIR", TestModels.tinyModelDir(root).toString(),
            "DATA_DIR", Files.createDirectories(root.resolve("data")).toString(),
            "API_KEY", KEY);
    try (ChildInstance a = ChildInstance.start(root.resolve("a"), settings, env);
        ChildInstance b = ChildInstance.start(root.resolve("b"), settings, env)) {
      upload(a);
      HttpResponse<String> accepted =
          a.postJson(
              "/api/v1/retrain",
              new JsonObject()
                  .put("rounds", 3000)
                  .put("early_stopping_rounds", 3000)
                  .put("eta", 0.001)
                  .put("search", new JsonObject().put("trials", 0)),
              "X-API-Key",
              KEY);
      assertEquals(202, accepted.statusCode(), accepted.body());
      String jobId = new JsonObject(accepted.body()).getString("job_id");

      AtomicReference<JsonObject> job = new AtomicReference<>();
      Await.until(
          Duration.ofSeconds(30),
          "training under way",
          () -> {
            job.set(a.getJson("/api/v1/jobs/" + jobId));
            return job.get().getJsonObject("progress", new JsonObject()).getInteger("round", 0) > 0;
          });
      String first = job.get().getString("worker_id");
      ChildInstance frozen = first.startsWith(a.instanceId() + "/") ? a : b;
      ChildInstance other = frozen == a ? b : a;
      frozen.freeze();
      Await.until(
          Duration.ofSeconds(30),
          "the other instance takes the job over",
          () -> {
            JsonObject now = other.getJson("/api/v1/jobs/" + jobId);
            return now.getString("worker_id", "").startsWith(other.instanceId() + "/");
          });
      frozen.thaw(); // resumed while the new holder still trains

      Await.until(
          Duration.ofSeconds(120),
          "the job succeeded",
          () -> "succeeded".equals(other.getJson("/api/v1/jobs/" + jobId).getString("status")));
      Await.until(
          Duration.ofSeconds(60),
          "the resumed worker gave the job up",
          () -> logOf(frozen).contains("while it ran here"));

      JsonObject done = other.getJson("/api/v1/jobs/" + jobId);
      assertEquals(2, done.getInteger("attempts"), done.encode());
      JsonObject models = other.getJson("/api/v1/models");
      JsonArray versions = models.getJsonArray("versions");
      List<String> names = new ArrayList<>();
      versions.forEach(v -> names.add(((JsonObject) v).getString("version")));
      assertEquals(List.of("2", "1"), names, "one model registered: the new holder's: " + versions);
      String registered = done.getJsonObject("result").getString("model_version");
      assertEquals("2", registered);
      boolean promoted = done.getJsonObject("result").getBoolean("promoted");
      String active = promoted ? "2" : "1";
      List<String> pointed = new ArrayList<>();
      versions.forEach(
          v -> {
            if (((JsonObject) v).getBoolean("active")) {
              pointed.add(((JsonObject) v).getString("version"));
            }
          });
      assertEquals(List.of(active), pointed, "the registry's active pointer: " + models.encode());
      Await.until(
          Duration.ofSeconds(10),
          "both instances serve version " + active,
          () ->
              List.of(a, b).stream()
                  .allMatch(
                      i -> active.equals(i.getJson("/api/v1/health").getString("model_version"))));
    }
  }

  private static String logOf(ChildInstance instance) {
    try {
      return instance.log();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static void upload(ChildInstance to) {
    for (var entry : TestAudio.trainingClips().entrySet()) {
      List<ChildInstance.Part> parts = new ArrayList<>();
      List<byte[]> clips = entry.getValue();
      for (int i = 0; i < clips.size(); i++) {
        parts.add(new ChildInstance.Part("files", entry.getKey() + i + ".wav", clips.get(i)));
      }
      HttpResponse<String> response =
          to.postMultipart(
              "/api/v1/upload-data",
              Map.of("label", entry.getKey()),
              parts,
              null,
              "X-API-Key",
              KEY);
      assertEquals(200, response.statusCode(), response.body());
    }
  }
}
