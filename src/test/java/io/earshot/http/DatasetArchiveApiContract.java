package io.earshot.http;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.Await;
import io.earshot.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A whole dataset out and in as a tar ({@code /api/v1/datasets}), through HTTP on real instances:
 * the same suite runs on the in-process back end and on Redis.
 */
abstract class DatasetArchiveApiContract extends SamplesApiFixture {
  /** Small enough that a test can cross it: clips here are about 44 KB. */
  private static final long MAX_CLIP_BYTES = 100_000;

  private static final long MAX_IMPORT_BYTES = 400_000;

  @Override
  JsonObject settings() {
    return new JsonObject()
        .put("max_upload_bytes", MAX_CLIP_BYTES)
        .put("dataset_import_max_bytes", MAX_IMPORT_BYTES);
  }

  @Test
  void anExportImportedElsewhereHasTheSameClipsLabelsAndDatasetVersion() throws Exception {
    byte[] a = clip(1);
    byte[] b = clip(2);
    byte[] c = clip(3);
    upload("bird", 1, a, b);
    upload("dog", 0, c);
    patch(sha(b), new JsonObject().put("label", "wind"));

    Map<String, byte[]> exported = entries(export(server));
    JsonObject manifest = new JsonObject(Buffer.buffer(exported.get("manifest.json")));
    assertEquals(
        List.of("manifest.json", "bird/" + sha(a) + ".wav", "wind/" + sha(b) + ".wav"),
        List.copyOf(exported.keySet()).subList(0, 3),
        "the manifest first, then the clips oldest first under their current label");
    assertArrayEquals(a, exported.get("bird/" + sha(a) + ".wav"));
    assertArrayEquals(c, exported.get("dog/" + sha(c) + ".wav"));
    assertEquals(3, exported.size() - 1, "clips only: augmented variants are not exported");
    assertEquals(3, manifest.getInteger("clips"));
    assertEquals(
        new JsonObject().put("bird", 1).put("dog", 1).put("wind", 1),
        manifest.getJsonObject("counts"));
    JsonObject first = manifest.getJsonArray("items").getJsonObject(0);
    assertEquals("clip0.wav", first.getString("filename"));
    assertEquals(1.0, first.getDouble("duration_s"), 0.01);
    assertTrue(first.getString("uploaded_at").endsWith("Z"));
    assertEquals(new JsonArray(), manifest.getJsonArray("missing_audio"));

    try (TestServer other = startAnother(root.resolve("other"))) {
      HttpResponse<Buffer> imported = importArchive(other, export(server));
      assertEquals(200, imported.statusCode(), imported.bodyAsString());
      JsonObject report = imported.bodyAsJsonObject();
      assertEquals(manifest.getString("dataset_version"), report.getString("dataset_version"));
      assertEquals(3, report.getJsonArray("accepted").size());
      assertEquals(
          List.of("created"),
          report.getJsonArray("accepted").stream()
              .map(o -> ((JsonObject) o).getString("outcome"))
              .distinct()
              .toList());

      Map<String, byte[]> again = entries(export(other));
      JsonObject second = new JsonObject(Buffer.buffer(again.get("manifest.json")));
      assertEquals(manifest.getString("dataset_version"), second.getString("dataset_version"));
      assertEquals(exported.keySet(), again.keySet());
      for (String name : exported.keySet()) {
        if (!name.equals("manifest.json")) {
          assertArrayEquals(exported.get(name), again.get(name), name + " byte for byte");
        }
      }
      JsonObject sample =
          new JsonObject(
              await(other.client().get("/api/v1/samples/" + sha(b)).send()).bodyAsString());
      assertEquals("wind", sample.getString("label"));
      assertEquals("clip1.wav", sample.getString("filename"), "the name from the manifest");
    }
  }

  @Test
  void importedClipsHaveUploadOutcomesAndMoveTheCounts() throws Exception {
    byte[] a = clip(1);
    byte[] b = clip(2);
    byte[] c = clip(3);
    upload("bird", 0, a, b);
    byte[] archive = tar(Map.of("bird/a.wav", a, "dog/b.wav", b, "dog/c.wav", c));

    HttpResponse<Buffer> imported = importArchive(server, archive);
    assertEquals(200, imported.statusCode(), imported.bodyAsString());
    JsonObject report = imported.bodyAsJsonObject();
    Map<String, String> outcomes = new LinkedHashMap<>();
    report.getJsonArray("accepted").forEach(o -> put(outcomes, (JsonObject) o));
    report.getJsonArray("rejected").forEach(o -> put(outcomes, (JsonObject) o));
    assertEquals(
        Map.of("a.wav", "duplicate", "b.wav", "label_conflict", "c.wav", "created"), outcomes);
    assertEquals(new JsonObject().put("bird", 2).put("dog", 1), counts());
    assertEquals(3, json("/api/v1/dataset").getInteger("new_since_training"));
    assertEquals(3, report.getInteger("clips"));

    HttpResponse<Buffer> relabel = importArchive(server, archive, "?on_conflict=relabel");
    assertEquals(200, relabel.statusCode(), relabel.bodyAsString());
    assertEquals(new JsonObject().put("bird", 1).put("dog", 2), counts());
  }

  @Test
  void anArchiveWithOnlyConflictsIsA409ThatChangesNothing() throws Exception {
    byte[] a = clip(1);
    upload("bird", 0, a);
    HttpResponse<Buffer> imported = importArchive(server, tar(Map.of("dog/a.wav", a)));
    assertEquals(409, imported.statusCode(), imported.bodyAsString());
    assertEquals("bird", json("/api/v1/samples/" + sha(a)).getString("label"));
  }

  @Test
  void badArchivesAreA400ThatNamesTheEntryAndStoreNothing() throws Exception {
    byte[] a = clip(1);
    byte[] b = clip(2);
    upload("bird", 0, a);
    assertProblem(
        importArchive(server, "not a tar at all".repeat(64).getBytes()), 400, "not a tar");
    assertProblem(
        importArchive(server, tar(Map.of("dog/b.wav", b, "../evil.wav", b))), 400, "climbs out");
    assertProblem(
        importArchive(server, tar(Map.of("dog/b.wav", b, "loose.wav", b))),
        400,
        "outside a label folder");
    assertProblem(
        importArchive(server, tar(Map.of("dog/b.wav", b, "dog/deep/b.wav", b))),
        400,
        "more than one folder deep");
    assertProblem(
        importArchive(server, tar(Map.of("dog/b.wav", b, "no space/b.wav", b))),
        400,
        "not a valid label");
    assertProblem(importArchive(server, tar(Map.of())), 400, "empty tar archive");
    assertProblem(importArchive(server, tar(Map.of(".DS_Store", b))), 400, "no clips");
    assertProblem(
        importArchive(
            server,
            tar(
                Map.of(
                    "dog/b.wav",
                    b,
                    "manifest.json",
                    "{not json".getBytes(StandardCharsets.UTF_8)))),
        400,
        "manifest.json is not valid JSON");
    byte[] cut = tar(Map.of("dog/b.wav", b));
    assertProblem(importArchive(server, java.util.Arrays.copyOf(cut, 20_000)), 400, "cut short");
    assertProblem(
        importArchive(server, tar(Map.of("dog/b.wav", b)), "?augment=99"), 400, "augment");
    assertEquals(new JsonObject().put("bird", 1), counts(), "nothing was stored");
    // the body handler deletes the uploaded archive once the answer is sent, not before it
    Await.until(
        Duration.ofSeconds(5),
        "no staging folder or uploaded archive left behind",
        this::uploadsFolderIsEmpty);
  }

  @Test
  void tooLargeArchivesAndClipsAreA413() throws Exception {
    byte[] big = new byte[(int) MAX_CLIP_BYTES + 1];
    HttpResponse<Buffer> clip = importArchive(server, tar(Map.of("dog/big.wav", big)));
    assertProblem(clip, 413, "dog/big.wav");
    byte[] huge = new byte[(int) MAX_IMPORT_BYTES + 1];
    assertProblem(importArchive(server, huge), 413, "bytes");
    assertEquals(new JsonObject(), counts());
  }

  @Test
  void importNeedsTheKeyAndAMultipartBody() throws Exception {
    MultipartForm form =
        MultipartForm.create()
            .binaryFileUpload(
                "file",
                "d.tar",
                Buffer.buffer(tar(Map.of("dog/a.wav", clip(1)))),
                "application/x-tar");
    assertProblem(
        await(server.client().post("/api/v1/datasets/import").sendMultipartForm(form)),
        401,
        "API key");
    HttpResponse<Buffer> raw =
        await(
            server
                .client()
                .post("/api/v1/datasets/import")
                .putHeader("X-API-Key", KEY)
                .putHeader("Content-Type", "application/x-tar")
                .sendBuffer(Buffer.buffer(tar(Map.of("dog/a.wav", clip(1))))));
    assertProblem(raw, 415, "multipart/form-data");
    assertProblem(
        await(
            server
                .client()
                .post("/api/v1/datasets/import")
                .putHeader("X-API-Key", KEY)
                .sendMultipartForm(MultipartForm.create().attribute("label", "x"))),
        400,
        "'file'");
    assertEquals(new JsonObject(), counts());
  }

  @Test
  void aClipWhoseAudioIsGoneIsNamedInTheManifestNotExported() throws Exception {
    byte[] a = clip(1);
    byte[] b = clip(2);
    upload("bird", 0, a, b);
    Files.delete(root.resolve("data/clips/bird/" + sha(a) + ".wav"));
    Map<String, byte[]> exported = entries(export(server));
    JsonObject manifest = new JsonObject(Buffer.buffer(exported.get("manifest.json")));
    assertEquals(new JsonArray().add(sha(a)), manifest.getJsonArray("missing_audio"));
    assertEquals(1, manifest.getInteger("clips"));
    assertFalse(exported.containsKey("bird/" + sha(a) + ".wav"));
    assertArrayEquals(b, exported.get("bird/" + sha(b) + ".wav"));
  }

  @Test
  void anEmptyDatasetExportsAManifestAlone() throws Exception {
    HttpResponse<Buffer> response = await(server.client().get("/api/v1/datasets/export").send());
    assertEquals(200, response.statusCode());
    assertEquals("application/x-tar", response.getHeader("Content-Type"));
    assertTrue(response.getHeader("Content-Disposition").startsWith("attachment;"));
    Map<String, byte[]> exported = entries(response.body().getBytes());
    assertEquals(List.of("manifest.json"), List.copyOf(exported.keySet()));
    assertEquals(
        0, new JsonObject(Buffer.buffer(exported.get("manifest.json"))).getInteger("clips"));
  }

  private boolean uploadsFolderIsEmpty() {
    Path uploads = root.resolve("data/uploads");
    try (var files = Files.list(uploads)) {
      return files.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void put(Map<String, String> outcomes, JsonObject item) {
    outcomes.put(item.getString("filename"), item.getString("outcome"));
  }

  static byte[] export(TestServer instance) throws Exception {
    HttpResponse<Buffer> response = await(instance.client().get("/api/v1/datasets/export").send());
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.body().getBytes();
  }

  static HttpResponse<Buffer> importArchive(TestServer instance, byte[] archive) throws Exception {
    return importArchive(instance, archive, "");
  }

  static HttpResponse<Buffer> importArchive(TestServer instance, byte[] archive, String query)
      throws Exception {
    MultipartForm form =
        MultipartForm.create()
            .binaryFileUpload("file", "dataset.tar", Buffer.buffer(archive), "application/x-tar");
    return await(
        instance
            .client()
            .post("/api/v1/datasets/import" + query)
            .putHeader("X-API-Key", KEY)
            .sendMultipartForm(form));
  }

  /** A tar of these entries, in name order. */
  static byte[] tar(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      for (String name : files.keySet().stream().sorted().toList()) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(files.get(name).length);
        tar.putArchiveEntry(entry);
        tar.write(files.get(name));
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  /** Every entry of a tar, in archive order. */
  static Map<String, byte[]> entries(byte[] archive) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        entries.put(entry.getName(), tar.readAllBytes());
      }
    }
    return entries;
  }
}
