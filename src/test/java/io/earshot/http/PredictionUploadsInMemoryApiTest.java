package io.earshot.http;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.RawHttp;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prediction uploads are read into memory, never to a file, and every way a form can go wrong while
 * it arrives is answered without holding a worker slot. The uploads folder is a plain file here, so
 * any attempt to write a temporary file would fail the request.
 */
class PredictionUploadsInMemoryApiTest {
  private static final long MAX_UPLOAD = 200_000;
  private static final long LIMIT = MAX_UPLOAD * 4 / 3 + 64 * 1024;
  private static final String BOUNDARY = "earshot-test-boundary";
  @TempDir static Path root;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            TestServer.config(
                root,
                new JsonObject()
                    .put("max_upload_bytes", MAX_UPLOAD)
                    .put("workers", 1)
                    .put("worker_queue_capacity", 1)));
    Path uploads = root.resolve("data").resolve("uploads");
    Files.delete(uploads);
    Files.writeString(uploads, "not a folder: predictions must not write uploads to disk");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void singleAndBatchAreAnsweredWithoutTheUploadsFolder() throws Exception {
    byte[] wav = TestAudio.wav(TestAudio.tone(240, 1.5, 7));
    HttpResponse<Buffer> single = post("/api/v1/predictions/single", form("file", wav));
    assertEquals(200, single.statusCode(), single.bodyAsString());
    assertEquals("low", single.bodyAsJsonObject().getString("predicted_class"));
    MultipartForm two =
        form("files", wav).binaryFileUpload("files", "b.wav", buf(wav), "audio/wav");
    HttpResponse<Buffer> batch = post("/api/v1/predictions/batch", two);
    assertEquals(200, batch.statusCode(), batch.bodyAsString());
    assertEquals(2, batch.bodyAsJsonObject().getJsonArray("results").size());
    assertNothingHeld();
  }

  @Test
  void formFieldsStillCountAsParameters() throws Exception {
    byte[] wav = TestAudio.wav(TestAudio.tone(2000, 1, 8));
    MultipartForm form = form("file", wav).attribute("min_confidence", "1");
    JsonObject answer = post("/api/v1/predictions/single", form).bodyAsJsonObject();
    assertEquals("uncertain", answer.getString("unknown_reason"), answer.encode());
  }

  @Test
  void partsUnderOtherNamesAreIgnored() throws Exception {
    byte[] wav = TestAudio.wav(TestAudio.tone(240, 1, 9));
    MultipartForm form =
        MultipartForm.create()
            .binaryFileUpload("notes", "notes.txt", buf("hello".getBytes()), "text/plain")
            .binaryFileUpload("file", "a.wav", buf(wav), "audio/wav");
    HttpResponse<Buffer> response = post("/api/v1/predictions/single", form);
    assertEquals(200, response.statusCode(), response.bodyAsString());
  }

  @Test
  void twoFilesWhereOneIsExpectedIsA400PointingToTheBatch() throws Exception {
    byte[] wav = TestAudio.wav(TestAudio.tone(240, 1, 10));
    MultipartForm form = form("file", wav).binaryFileUpload("file", "b.wav", buf(wav), "audio/wav");
    assertProblem(post("/api/v1/predictions/single", form), 400, "/api/v1/predictions/batch");
    assertNothingHeld();
  }

  @Test
  void anEmptyFileIsRefusedAsEmptyInSingleAndInlineInBatch() throws Exception {
    assertProblem(post("/api/v1/predictions/single", form("file", new byte[0])), 422, "empty");
    JsonArray results =
        post("/api/v1/predictions/batch", form("files", new byte[0]))
            .bodyAsJsonObject()
            .getJsonArray("results");
    assertEquals(422, results.getJsonObject(0).getJsonObject("error").getInteger("status"));
    assertNothingHeld();
  }

  @Test
  void aFormOverTheLimitSentInPiecesIsA413AndTheServerStopsReadingIt() throws Exception {
    for (String route : List.of("single", "batch")) {
      String field = route.equals("single") ? "file" : "files";
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.setSoTimeout(15_000);
        OutputStream out = socket.getOutputStream();
        out.write(head(route, "Transfer-Encoding: chunked"));
        AtomicLong sent = new AtomicLong();
        long most = 64L * 1024 * 1024; // far more than any socket buffer holds
        Thread writer =
            daemon(
                () -> {
                  try {
                    writeChunk(out, partHead(field));
                    byte[] piece = new byte[64 * 1024];
                    while (sent.addAndGet(piece.length) < most) {
                      writeChunk(out, piece);
                    }
                  } catch (IOException closedByTheServer) {
                    // as it should: the server hung up instead of reading the rest
                  }
                });
        String answer = RawHttp.readAll(socket.getInputStream());
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains(LIMIT + " bytes"), "names the limit: " + answer);
        writer.join(15_000);
        assertTrue(sent.get() < most, "the server stopped reading after " + sent.get() + " bytes");
      }
    }
    assertNothingHeld();
  }

  @Test
  void aDeclaredLengthOverTheLimitIsA413BeforeTheBodyIsSentAndTheConnectionEnds() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(15_000);
      socket
          .getOutputStream()
          .write(head("single", "Content-Length: " + (LIMIT + 1) + "\r\nExpect: 100-continue"));
      String answer = RawHttp.readAll(socket.getInputStream()); // to the close: nothing more read
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.contains(LIMIT + " bytes"), "names the limit: " + answer);
    }
  }

  @Test
  void aClientAskingToContinueIsToldToAndAnswered() throws Exception {
    byte[] body = multipart("file", TestAudio.wav(TestAudio.tone(240, 1, 11)));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(head("single", "Content-Length: " + body.length + "\r\nExpect: 100-continue"));
      InputStream in = socket.getInputStream();
      String interim = RawHttp.readHead(in);
      assertTrue(interim.startsWith("HTTP/1.1 100"), interim);
      out.write(body);
      String answer = RawHttp.readHead(in);
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
    }
  }

  @Test
  void clientsThatHangUpMidUploadHoldNoCapacity() throws Exception {
    // the pool takes two requests (one worker, a queue of one): three half-sent forms must not
    // keep a finished one out, and must leave nothing held once they go away
    List<Socket> halfSent = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket socket = new Socket("127.0.0.1", server.port());
        halfSent.add(socket);
        byte[] body = multipart("file", TestAudio.wav(TestAudio.tone(240, 1, 12)));
        OutputStream out = socket.getOutputStream();
        out.write(head("single", "Content-Length: " + body.length));
        out.write(body, 0, body.length / 2);
        out.flush();
      }
      byte[] wav = TestAudio.wav(TestAudio.tone(240, 1, 13));
      assertEquals(200, post("/api/v1/predictions/single", form("file", wav)).statusCode());
    } finally {
      for (Socket socket : halfSent) {
        socket.close();
      }
    }
    for (int i = 0; i < 3; i++) {
      byte[] wav = TestAudio.wav(TestAudio.tone(240, 1, 14 + i));
      assertEquals(200, post("/api/v1/predictions/single", form("file", wav)).statusCode());
    }
    assertNothingHeld();
  }

  @Test
  void aMalformedFormIsA400AndHoldsNothing() throws Exception {
    byte[] body =
        ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"")
            .getBytes(StandardCharsets.US_ASCII); // the part's headers never end
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(head("single", "Content-Length: " + body.length));
      out.write(body);
      String answer = RawHttp.readHead(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    }
    assertNothingHeld();
  }

  private static MultipartForm form(String field, byte[] bytes) {
    return MultipartForm.create().binaryFileUpload(field, "a.wav", buf(bytes), "audio/wav");
  }

  private static Buffer buf(byte[] bytes) {
    return Buffer.buffer(bytes);
  }

  private static HttpResponse<Buffer> post(String path, MultipartForm form) throws Exception {
    return await(server.client().post(path).sendMultipartForm(form));
  }

  private static byte[] head(String route, String headers) {
    return ("POST /api/v1/predictions/"
            + route
            + " HTTP/1.1\r\nHost: earshot\r\nContent-Type: multipart/form-data; boundary="
            + BOUNDARY
            + "\r\n"
            + headers
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] partHead(String field) {
    return ("--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\""
            + field
            + "\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] multipart(String field, byte[] file) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(partHead(field));
    body.write(file);
    body.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return body.toByteArray();
  }

  private static void writeChunk(OutputStream out, byte[] bytes) throws IOException {
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static Thread daemon(Runnable body) {
    Thread thread = new Thread(body);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void assertNothingHeld() throws Exception {
    MetricsApiTest.assertNoWorkerSlotsHeld(server);
  }
}
