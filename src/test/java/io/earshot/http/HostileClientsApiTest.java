package io.earshot.http;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.Await;
import io.earshot.testing.RawHttp;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and hostile clients: none holds a connection or a worker for long, and none harms others.
 */
class HostileClientsApiTest {
  static final int IDLE_S = 2;
  @TempDir static Path root;
  static TestServer server;
  static final Vertx clients = Vertx.vertx();

  /** Held for the test's life: Vert.x closes an unreferenced client when it is collected. */
  static final WebSocketClient sockets = clients.createWebSocketClient();

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            TestServer.config(
                root,
                new JsonObject()
                    .put("http_idle_timeout_s", IDLE_S)
                    .put("body_timeout_s", 1)
                    .put("body_min_bytes_per_second", 1000)
                    .put("batch_max_files", 4)
                    .put("upload_max_files", 4)));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    await(clients.close());
  }

  @Test
  void aBodyTrickledAByteAtATimeGetsA408AndItsConnectionClosed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/v1/predictions/single HTTP/1.1\r\nHost: earshot\r\n"
                  + "Content-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\nRIFF")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread trickle =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Thread.sleep(300);
                    out.write('x');
                    out.flush();
                  }
                } catch (Exception closed) {
                  // the server hung up, as it should
                }
              });
      trickle.setDaemon(true);
      trickle.start();
      String answer = RawHttp.readAll(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("application/problem+json"), answer);
      assertTrue(answer.contains("1000 bytes/s"), "the detail names the rate: " + answer);
    }
    assertHealthy();
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout((IDLE_S + 8) * 1000);
      long started = System.nanoTime();
      assertEquals(-1, socket.getInputStream().read(), "closed by the server, nothing sent");
      assertTrue(System.nanoTime() - started >= (IDLE_S - 1) * 1_000_000_000L, "not at once");
    }
  }

  @Test
  void oversizedHeadersAreRefusedBeforeAnyRoute() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      String big = "x".repeat(ConnectionLimits.MAX_HEADER_BYTES + 1024);
      socket
          .getOutputStream()
          .write(
              ("GET /api/v1/health HTTP/1.1\r\nHost: earshot\r\nX-Big: " + big + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = RawHttp.readAll(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 431"), answer.substring(0, 40));
    }
    assertHealthy();
  }

  @Test
  void aFormWithMorePartsThanAnyRequestNeedsIsRefused() throws Exception {
    // two parts (a file and its label) per file a request may carry (4 here), and a few more
    int limit = 2 * 4 + 16;
    assertEquals(200, batchWithParts(limit).statusCode(), "a form at the limit is read");
    HttpResponse<Buffer> over = batchWithParts(limit + 1);
    io.earshot.testing.ProblemAssertions.assertProblem(over, 400, "parts");
    assertHealthy();
  }

  /** A batch of 4 clips padded with text fields to {@code parts} parts in all. */
  private static HttpResponse<Buffer> batchWithParts(int parts) throws Exception {
    MultipartForm form = MultipartForm.create();
    for (int i = 0; i < 4; i++) {
      form.binaryFileUpload(
          "files",
          "c" + i + ".wav",
          Buffer.buffer(TestAudio.wav(TestAudio.tone(440 * (i + 1), 1, i))),
          "audio/wav");
    }
    for (int i = 4; i < parts; i++) {
      form.attribute("note" + i, "v");
    }
    return await(server.client().post("/api/v1/predictions/batch").sendMultipartForm(form));
  }

  @Test
  void aStreamMessageOverItsLimitClosesTheStream() throws Exception {
    WebSocket socket =
        await(
            sockets.connect(
                server.port(),
                "127.0.0.1",
                "/api/v1/ws/stream?sample_rate=16000&encoding=pcm_s16le&window_s=10"));
    AtomicInteger closedWith = new AtomicInteger();
    socket.closeHandler(v -> closedWith.set(socket.closeStatusCode()));
    // just under the limit: taken (8 s of 16 kHz PCM, less than one 10 s window)
    await(
        socket.writeBinaryMessage(
            Buffer.buffer(new byte[ConnectionLimits.MAX_WEBSOCKET_MESSAGE_BYTES - 6 * 1024])));
    Thread.sleep(500);
    assertFalse(socket.isClosed(), "a message under the limit is taken");
    socket.writeBinaryMessage(
        Buffer.buffer(new byte[ConnectionLimits.MAX_WEBSOCKET_MESSAGE_BYTES + 2048]));
    Await.until(Duration.ofSeconds(10), "the stream closed", socket::isClosed);
    // 1009 (message too big) when a close frame gets out first; Vert.x may also just drop the
    // connection when its frame aggregator refuses the message (1006)
    assertTrue(List.of(1009, 1006).contains(closedWith.get()), "closed with " + closedWith.get());
    assertHealthy();
  }

  @Test
  void aJobWatcherThatHearsNothingOutlivesTheIdleTimeout() throws Exception {
    WebSocket socket = await(sockets.connect(server.port(), "127.0.0.1", "/api/v1/ws/jobs"));
    AtomicInteger pings = new AtomicInteger();
    socket.frameHandler(
        frame -> {
          if (frame.isPing()) {
            pings.incrementAndGet();
          }
        });
    Thread.sleep(IDLE_S * 2500L);
    assertFalse(socket.isClosed(), "kept open by the server's pings");
    assertTrue(pings.get() >= 2, "pinged every third of the idle timeout: " + pings.get());
    await(socket.close());
  }

  private static void assertHealthy() throws Exception {
    assertEquals(200, await(server.client().get("/api/v1/health/live").send()).statusCode());
  }
}
