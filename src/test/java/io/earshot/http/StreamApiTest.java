package io.earshot.http;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.TestAudio;
import io.earshot.testing.TestServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A live sensor on WS /api/v1/ws/stream, with a real WebSocket client. */
class StreamApiTest {
  private static final int RATE = TestAudio.RATE;
  @TempDir static Path root;
  static TestServer server;
  static Vertx vertx;

  /**
   * Kept for the whole class: Vert.x closes a client that is no longer referenced when it is GCed.
   */
  static WebSocketClient sockets;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(TestServer.config(root));
    vertx = Vertx.vertx();
    sockets = vertx.createWebSocketClient();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    await(vertx.close());
  }

  /** What the server sent, and how it closed the socket. */
  private record Received(List<JsonObject> messages, Short closeCode) {
    List<JsonObject> ofType(String type) {
      return messages.stream().filter(m -> type.equals(m.getString("type"))).toList();
    }
  }

  /** Collects a socket's messages until it closes. */
  private static final class Listener {
    final List<JsonObject> messages = new CopyOnWriteArrayList<>();
    final Promise<Short> closed = Promise.promise();

    Listener(WebSocket ws) {
      ws.textMessageHandler(text -> messages.add(new JsonObject(text)));
      ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode()));
    }

    Received awaitClose() throws Exception {
      Short code =
          closed.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return new Received(List.copyOf(messages), code);
    }
  }

  @Test
  void aSensorGetsOneSegmentPerWindowAndTheEventsWhereTheSoundWas() throws Exception {
    // 2 s of silence, a 2 s high tone, 2 s of silence, sent in 100 ms messages, then "end"
    float[] audio = new float[6 * RATE];
    float[] tone = TestAudio.tone(2000, 2, 5);
    System.arraycopy(tone, 0, audio, 2 * RATE, tone.length);
    Received got = stream("window_s=1&hop_s=0.5", audio, RATE / 10, 20, true); // 5x real time

    List<JsonObject> segments = got.ofType("segment");
    assertEquals(11, segments.size(), got.messages().toString());
    assertEquals("silent", segments.get(0).getString("unknown_reason"));
    for (int i = 0; i < segments.size(); i++) {
      assertEquals(0.5 * i, segments.get(i).getDouble("start_s"), 1e-9, "in order, one per hop");
    }
    List<JsonObject> events = got.ofType("event");
    assertEquals(1, events.size(), got.messages().toString());
    JsonObject high = events.get(0);
    assertEquals("high", high.getString("label"));
    assertEquals(2, high.getDouble("start_s"), 0.5 + 1e-9);
    assertEquals(4, high.getDouble("end_s"), 0.5 + 1e-9);
    assertEquals((short) 1000, got.closeCode());
  }

  @Test
  void aSensorSendingFasterThanRealTimeIsToldSoAndClosedWith1013() throws Exception {
    float[] minutes = new float[240 * RATE]; // four minutes in one burst of 0.5 s messages
    Received got = stream("window_s=3", minutes, RATE / 2, 0, false);
    List<JsonObject> overrun = got.ofType("overrun");
    assertEquals(1, overrun.size(), got.messages().toString());
    assertTrue(overrun.get(0).getString("detail").contains("faster than it can be analysed"));
    assertEquals(StreamRoutes.CLOSE_OVERRUN, got.closeCode());
    assertEquals(200, await(server.client().get("/api/v1/health/ready").send()).statusCode());
  }

  @Test
  void malformedPcmIsAnErrorAndClosedWith1007() throws Exception {
    WebSocket ws = connect("window_s=1&channels=2");
    Listener listener = new Listener(ws);
    ws.writeBinaryMessage(Buffer.buffer(new byte[] {1, 2, 3})); // not a whole stereo frame
    Received done = listener.awaitClose();
    assertEquals(StreamRoutes.CLOSE_BAD_DATA, done.closeCode());
    assertTrue(done.ofType("error").get(0).getString("detail").contains("whole number"));
  }

  @Test
  void badSettingsAreRefusedBeforeTheUpgradeWithAProblem() throws Exception {
    assertProblem(await(server.client().get(StreamRoutes.PATH).send()), 400, "sample_rate");
    assertProblem(
        await(server.client().get(StreamRoutes.PATH + "?sample_rate=16000&encoding=mp3").send()),
        400,
        "encoding");
    assertProblem(
        await(server.client().get(StreamRoutes.PATH + "?sample_rate=16000&window_s=100").send()),
        400,
        "window_s");
    assertProblem(
        await(server.client().get(StreamRoutes.PATH + "?sample_rate=16000&merge_gap_s=-1").send()),
        400,
        "merge_gap_s");
  }

  /**
   * Sends {@code audio} as 16-bit PCM messages of {@code chunk} samples, one every {@code
   * intervalMs} (0: all at once), then "end" if asked; returns what came back until the close.
   */
  private static Received stream(
      String query, float[] audio, int chunk, long intervalMs, boolean end) throws Exception {
    WebSocket ws = connect(query);
    Listener listener = new Listener(ws);
    if (intervalMs == 0) {
      for (int from = 0; from < audio.length; from += chunk) {
        ws.writeBinaryMessage(
            Buffer.buffer(pcm16(audio, from, Math.min(audio.length, from + chunk))));
      }
      if (end) {
        ws.writeTextMessage("end");
      }
    } else {
      int[] next = {0};
      vertx.setPeriodic(
          intervalMs,
          timer -> {
            int from = next[0];
            if (from >= audio.length) {
              vertx.cancelTimer(timer);
              if (end) {
                ws.writeTextMessage("end");
              }
              return;
            }
            next[0] = Math.min(audio.length, from + chunk);
            ws.writeBinaryMessage(Buffer.buffer(pcm16(audio, from, next[0])));
          });
    }
    return listener.awaitClose();
  }

  private static WebSocket connect(String query) throws Exception {
    return await(
        sockets.connect(
            new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(server.port())
                .setURI(StreamRoutes.PATH + "?sample_rate=" + RATE + "&" + query)));
  }

  private static byte[] pcm16(float[] x, int from, int to) {
    ByteBuffer out = ByteBuffer.allocate((to - from) * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = from; i < to; i++) {
      out.putShort((short) Math.round(Math.max(-1, Math.min(1, x[i])) * 32767));
    }
    return out.array();
  }
}
