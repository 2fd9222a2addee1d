package io.earshot.http;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.jobs.StoredSamples;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Training clips as a resource ({@code /api/v1/samples}), through HTTP on a real instance: the same
 * suite runs on the in-process back end and on Redis.
 */
abstract class SamplesApiContract extends SamplesApiFixture {

  @Test
  void clipsAreListedByLabelPageByPageWithTheirAudio() throws Exception {
    byte[] a = clip(1);
    byte[] b = clip(2);
    byte[] c = clip(3);
    assertEquals(200, upload("bird", 0, a, b).statusCode());
    assertEquals(200, upload("dog", 0, c).statusCode());

    JsonObject first = json("/api/v1/samples?page_size=2");
    assertEquals(3, first.getInteger("total"));
    assertEquals(2, first.getJsonArray("items").size());
    assertEquals(1, json("/api/v1/samples?page=2&page_size=2").getJsonArray("items").size());
    JsonObject birds = json("/api/v1/samples?label=bird");
    assertEquals(2, birds.getInteger("total"));
    assertEquals(
        List.of(sha(a), sha(b)).stream().sorted().toList(),
        shas(birds.getJsonArray("items")).stream().sorted().toList());

    JsonObject one = json("/api/v1/samples/" + sha(c));
    assertEquals("dog", one.getString("label"));
    assertEquals("clip0.wav", one.getString("filename"));
    assertEquals(1.0, one.getDouble("duration_s"), 0.01);
    assertFalse(one.getBoolean("used_in_training"));
    assertTrue(one.getString("uploaded_at").endsWith("Z"));

    HttpResponse<Buffer> audio = get(one.getString("audio"));
    assertEquals(200, audio.statusCode());
    assertEquals("audio/wav", audio.getHeader("Content-Type"));
    assertArrayEquals(c, audio.body().getBytes(), "the clip as uploaded");
  }

  @Test
  void aRelabelMovesTheClipItsVariantsItsFileAndTheCounts() throws Exception {
    byte[] a = clip(1);
    byte[] b = clip(2);
    upload("vehicle", 2, a, b);
    assertEquals(2, json("/api/v1/dataset").getInteger("new_since_training"));

    HttpResponse<Buffer> relabelled = patch(sha(a), new JsonObject().put("label", "wind"));
    assertEquals(200, relabelled.statusCode(), relabelled.bodyAsString());
    assertEquals("wind", relabelled.bodyAsJsonObject().getString("label"));
    assertEquals("vehicle", relabelled.bodyAsJsonObject().getString("previous_label"));

    assertEquals(new JsonObject().put("vehicle", 1).put("wind", 1), counts());
    assertEquals(List.of(sha(a)), shas(json("/api/v1/samples?label=wind").getJsonArray("items")));
    assertTrue(Files.isRegularFile(root.resolve("data/clips/wind/" + sha(a) + ".wav")));
    assertFalse(Files.exists(root.resolve("data/clips/vehicle/" + sha(a) + ".wav")));
    assertEquals(200, get("/api/v1/samples/" + sha(a) + "/audio").statusCode());
    assertEquals(
        409,
        patch(StoredSamples.variantKey(sha(a), 2), new JsonObject().put("label", "x")).statusCode(),
        "the variant was relabelled with its clip, and cannot be on its own");
  }

  @Test
  void clipsAreDeletedOneByOneByLabelOrByHash() throws Exception {
    byte[][] clips = {clip(1), clip(2), clip(3), clip(4), clip(5)};
    upload("bird", 1, clips[0], clips[1]);
    upload("wind", 0, clips[2], clips[3], clips[4]);

    HttpResponse<Buffer> one = delete(sha(clips[0]));
    assertEquals(200, one.statusCode(), one.bodyAsString());
    assertEquals(
        new JsonArray().add(sha(clips[0])), one.bodyAsJsonObject().getJsonArray("deleted"));
    assertProblem(get("/api/v1/samples/" + sha(clips[0])), 404, sha(clips[0]));
    assertProblem(
        get("/api/v1/samples/" + StoredSamples.variantKey(sha(clips[0]), 1)), 404, "no clip");
    assertFalse(Files.exists(root.resolve("data/clips/bird/" + sha(clips[0]) + ".wav")));

    JsonObject byLabel = bulkDelete(new JsonObject().put("label", "wind")).bodyAsJsonObject();
    assertEquals(3, byLabel.getJsonArray("deleted").size());
    assertEquals(new JsonObject().put("bird", 1), byLabel.getJsonObject("counts"));

    String unknown = "0".repeat(64);
    JsonObject byHash =
        bulkDelete(new JsonObject().put("sha256", new JsonArray().add(sha(clips[1])).add(unknown)))
            .bodyAsJsonObject();
    assertEquals(new JsonArray().add(sha(clips[1])), byHash.getJsonArray("deleted"));
    assertEquals(new JsonArray().add(unknown), byHash.getJsonArray("not_found"));
    assertEquals(new JsonObject(), counts());
    assertEquals(0, json("/api/v1/dataset").getInteger("new_since_training"));
    assertEquals(0, json("/api/v1/samples").getInteger("total"));
  }

  @Test
  void mutationsNeedTheKey() throws Exception {
    String sha = sha(clip(1));
    JsonObject label = new JsonObject().put("label", "x");
    assertProblem(
        await(server.client().patch("/api/v1/samples/" + sha).sendJsonObject(label)),
        401,
        "API key");
    assertProblem(await(server.client().delete("/api/v1/samples/" + sha).send()), 401, "API key");
    assertProblem(
        await(server.client().post("/api/v1/samples/delete").sendJsonObject(label)),
        401,
        "API key");
  }

  @Test
  void badQueriesAndBodiesAreA400WithTheRule() throws Exception {
    assertProblem(get("/api/v1/samples?label=no%20spaces"), 400, "letters, digits");
    assertProblem(get("/api/v1/samples?page=0"), 400, "'page'");
    assertProblem(get("/api/v1/samples?page=two"), 400, "'page'");
    assertProblem(get("/api/v1/samples?page_size=501"), 400, "'page_size'");
    assertProblem(get("/api/v1/samples/ABC"), 400, "64 lower-case hex");
    assertProblem(get("/api/v1/samples/xyz/audio"), 400, "64 lower-case hex");

    byte[] a = clip(1);
    upload("bird", 0, a);
    assertProblem(patch(sha(a), "not json"), 400, "JSON object");
    assertProblem(patch(sha(a), new JsonObject()), 400, "{\"label\": \"bird\"}");
    assertProblem(patch(sha(a), new JsonObject().put("label", 7)), 400, "a string");
    assertProblem(patch(sha(a), new JsonObject().put("label", "a/b")), 400, "letters, digits");
    assertProblem(bulkDelete(new JsonObject()), 400, "either");
    assertProblem(
        bulkDelete(
            new JsonObject().put("label", "bird").put("sha256", new JsonArray().add(sha(a)))),
        400,
        "not both");
    assertProblem(bulkDelete(new JsonObject().put("sha256", new JsonArray())), 400, "1 to 1000");
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 1001; i++) {
      tooMany.add(sha(a));
    }
    assertProblem(bulkDelete(new JsonObject().put("sha256", tooMany)), 400, "split");
    assertProblem(
        bulkDelete(new JsonObject().put("sha256", new JsonArray().add("nope"))), 400, "'nope'");
    assertEquals(new JsonObject().put("bird", 1), counts(), "nothing changed");
  }

  @Test
  void unknownClipsAreA404AndVariantsAConflict() throws Exception {
    String unknown = "0".repeat(64);
    assertProblem(get("/api/v1/samples/" + unknown), 404, "GET /api/v1/samples");
    assertProblem(get("/api/v1/samples/" + unknown + "/audio"), 404, unknown);
    assertProblem(patch(unknown, new JsonObject().put("label", "x")), 404, unknown);
    assertProblem(delete(unknown), 404, unknown);

    byte[] a = clip(1);
    upload("bird", 1, a);
    String variant = StoredSamples.variantKey(sha(a), 1);
    assertProblem(get("/api/v1/samples/" + variant), 404, "its clip is " + sha(a));
    assertProblem(patch(variant, new JsonObject().put("label", "x")), 409, sha(a));
    assertProblem(delete(variant), 409, sha(a));

    Files.delete(root.resolve("data/clips/bird/" + sha(a) + ".wav"));
    HttpResponse<Buffer> missing = get("/api/v1/samples/" + sha(a) + "/audio");
    assertProblem(missing, 404, "DATA_DIR");
    assertTrue(missing.bodyAsJsonObject().getString("type").endsWith("clip-audio-missing"));
  }

  @Test
  void aClipStoredUnderAnotherLabelIsAConflictThatChangesNothing() throws Exception {
    byte[] a = clip(1);
    byte[] b = clip(2);
    upload("bird", 1, a);

    HttpResponse<Buffer> alone = upload("dog", 2, a);
    assertEquals(409, alone.statusCode(), "every file was a conflict");
    JsonObject conflict = alone.bodyAsJsonObject().getJsonArray("rejected").getJsonObject(0);
    assertEquals("label_conflict", conflict.getString("outcome"));
    assertEquals("bird", conflict.getString("stored_label"));
    assertTrue(conflict.getString("reason").contains("on_conflict=relabel"));

    JsonObject mixed = upload("dog", 0, a, b).bodyAsJsonObject();
    assertEquals("created", mixed.getJsonArray("accepted").getJsonObject(0).getString("outcome"));
    assertEquals(sha(b), mixed.getJsonArray("accepted").getJsonObject(0).getString("sha256"));
    assertEquals(
        "label_conflict", mixed.getJsonArray("rejected").getJsonObject(0).getString("outcome"));
    assertEquals(new JsonObject().put("bird", 1).put("dog", 1), counts());
    assertEquals("bird", json("/api/v1/samples/" + sha(a)).getString("label"));
    assertProblem(get("/api/v1/samples/" + StoredSamples.variantKey(sha(a), 2)), 404, "no clip");

    JsonObject same = upload("bird", 0, a).bodyAsJsonObject();
    assertEquals("duplicate", same.getJsonArray("accepted").getJsonObject(0).getString("outcome"));
  }

  @Test
  void onConflictRelabelMovesTheStoredClipToTheUploadsLabel() throws Exception {
    byte[] a = clip(1);
    upload("bird", 1, a);

    HttpResponse<Buffer> response =
        upload(
            MultipartForm.create().attribute("label", "dog").attribute("on_conflict", "relabel"),
            0,
            a);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonObject accepted = response.bodyAsJsonObject().getJsonArray("accepted").getJsonObject(0);
    assertEquals("relabeled", accepted.getString("outcome"));
    assertEquals("bird", accepted.getString("previous_label"));
    assertEquals(
        new JsonObject().put("dog", 1), response.bodyAsJsonObject().getJsonObject("counts"));
    assertEquals("dog", json("/api/v1/samples/" + sha(a)).getString("label"));
    assertTrue(Files.isRegularFile(root.resolve("data/clips/dog/" + sha(a) + ".wav")));
    assertEquals(
        409,
        patch(StoredSamples.variantKey(sha(a), 1), new JsonObject().put("label", "dog"))
            .statusCode(),
        "the variant is still there, relabelled with its clip");

    assertProblem(
        upload(
            MultipartForm.create().attribute("label", "dog").attribute("on_conflict", "merge"),
            0,
            a),
        400,
        "'on_conflict'");
  }
}
