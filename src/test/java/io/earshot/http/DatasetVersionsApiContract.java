package io.earshot.http;

import static io.earshot.testing.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every training records the dataset it read; a retrain can ask for exactly that snapshot again
 * while its clips exist. Through HTTP, on the in-process back end and on Redis.
 */
abstract class DatasetVersionsApiContract extends SamplesApiFixture {

  @Test
  void aTrainingOnAPinnedVersionSeesExactlyThatDataAfterARelabel() throws Exception {
    Map<String, List<byte[]>> clips = uploadThreeClasses(0);
    JsonObject first = trained(new JsonObject());
    String v1 = first.getString("dataset_version");
    assertEquals(64, v1.length());
    JsonObject info = json("/api/v1/model-info").getJsonObject("dataset");
    assertEquals(v1, info.getString("version"));
    assertEquals(18, info.getInteger("clips"));
    assertEquals(
        new JsonObject().put("high", 6).put("low", 6).put("noise", 6),
        info.getJsonObject("counts"));
    assertTrue(
        json("/api/v1/samples?page_size=1")
            .getJsonArray("items")
            .getJsonObject(0)
            .getBoolean("used_in_training"));
    assertEquals(0, json("/api/v1/dataset").getInteger("new_since_training"));

    String moved = sha(clips.get("noise").get(0));
    assertEquals(200, patch(moved, new JsonObject().put("label", "low")).statusCode());
    assertEquals(1, json("/api/v1/dataset").getInteger("new_since_training"));

    JsonObject pinned = trained(new JsonObject().put("dataset_version", v1));
    assertEquals(v1, pinned.getString("dataset_version"), "the same clips under the same labels");
    assertEquals(true, pinned.getBoolean("same_data"));
    assertEquals(v1, json("/api/v1/model-info").getJsonObject("dataset").getString("version"));

    JsonObject current = trained(new JsonObject());
    String v2 = current.getString("dataset_version");
    assertNotEquals(v1, v2);
    assertEquals(false, current.getBoolean("same_data"));
    assertEquals(
        new JsonObject().put("high", 6).put("low", 7).put("noise", 5),
        json("/api/v1/model-info").getJsonObject("dataset").getJsonObject("counts"));

    JsonArray versions = json("/api/v1/models").getJsonArray("versions");
    long sameAsActive =
        versions.stream()
            .map(JsonObject.class::cast)
            .filter(v -> Boolean.TRUE.equals(v.getBoolean("same_data_as_active")))
            .count();
    assertEquals(1, sameAsActive, "only the active model saw its own data: " + versions.encode());
  }

  @Test
  void aPinnedVersionWhoseClipIsGoneIsRefusedNamingIt() throws Exception {
    Map<String, List<byte[]>> clips = uploadThreeClasses(0);
    String v1 = trained(new JsonObject()).getString("dataset_version");
    String gone = sha(clips.get("high").get(2));
    assertEquals(200, delete(gone).statusCode());

    HttpResponse<Buffer> refused = retrain(new JsonObject().put("dataset_version", v1));
    assertProblem(refused, 409, gone);
    assertEquals(1, refused.bodyAsJsonObject().getInteger("missing_clips"));
    assertTrue(refused.bodyAsJsonObject().getString("detail").contains("without dataset_version"));

    assertProblem(
        retrain(new JsonObject().put("dataset_version", "0".repeat(64))),
        404,
        "GET /api/v1/models");
    assertProblem(retrain(new JsonObject().put("dataset_version", "v1")), 400, "64 hex digits");
    assertProblem(retrain(new JsonObject().put("dataset_version", 7)), 400, "dataset_version");

    JsonObject after = trained(new JsonObject());
    assertEquals(17, json("/api/v1/model-info").getJsonObject("dataset").getInteger("clips"));
    assertNotEquals(v1, after.getString("dataset_version"));
  }
}
