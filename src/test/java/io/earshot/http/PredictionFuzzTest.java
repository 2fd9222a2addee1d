package io.earshot.http;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.earshot.audio.WavEncoder;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile uploads: real files of every supported format, truncated, bit-flipped, overwritten,
 * spliced and faked behind valid magic bytes. Every answer must be a 200 or a 4xx problem, never a
 * 5xx and never a hang, and the server must be healthy afterwards. Seeded, so a failure replays;
 * failing payloads are kept under target/fuzz-failures/, those that ran into the decode budget
 * under target/fuzz-decode-budget/.
 */
class PredictionFuzzTest {
  private static final int PAYLOADS = 1200;
  private static final int IN_FLIGHT = 4;
  private static final long SEED = Long.getLong("fuzz.seed", 20261122L);
  private static final Path FAILURES = Path.of("target", "fuzz-failures");

  /**
   * Payloads that held a worker for the whole decode budget: correct answers, but worth a decoder
   * fix.
   */
  private static final Path SLOW = Path.of("target", "fuzz-decode-budget");

  private static final byte[][] FAKE_MAGIC = {
    "RIFF\u00ff\u00ff\u00ff\u007fWAVEfmt ".getBytes(StandardCharsets.ISO_8859_1),
    "fLaC".getBytes(StandardCharsets.US_ASCII),
    "OggS".getBytes(StandardCharsets.US_ASCII),
    "ID3\u0004\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1),
    {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64},
    "FORM\u0000\u0001\u0000\u0000AIFFCOMM".getBytes(StandardCharsets.ISO_8859_1)
  };

  @TempDir static Path root;
  static TestServer server;
  static List<byte[]> fixtures = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    // A short decode budget: should a decoder spin on a mutated file, the test sees it cut off
    // (and keeps the payload) instead of waiting 20 s for each.
    server =
        TestServer.start(
            TestServer.config(root, new JsonObject().put("decode_time_budget_ms", 3000)));
    for (String name :
        List.of(
            "tone440-11025-mono.aiff",
            "tone440-16000-stereo.flac",
            "tone440-44100-stereo.mp3",
            "tone440-48000-stereo.ogg")) {
      try (InputStream in = PredictionFuzzTest.class.getResourceAsStream("/audio/" + name)) {
        fixtures.add(in.readAllBytes());
      }
    }
    fixtures.add(TestAudio.wav(TestAudio.tone(330, 0.8, 1)));
    fixtures.add(WavEncoder.pcm16(TestAudio.noise(0.5, 2), 8000, 1));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void malformedAudioNeverCausesA5xxOrAHang() throws Exception {
    Random random = new Random(SEED);
    int ok = 0;
    int rejected = 0;
    int budgetExceeded = 0;
    for (int start = 0; start < PAYLOADS; start += IN_FLIGHT) {
      List<byte[]> payloads = new ArrayList<>();
      List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
      for (int i = start; i < Math.min(PAYLOADS, start + IN_FLIGHT); i++) {
        byte[] payload = mutate(random);
        payloads.add(payload);
        answers.add(send(payload, random.nextInt(5) == 0));
      }
      for (int i = 0; i < answers.size(); i++) {
        HttpResponse<Buffer> response = answerOf(answers.get(i), payloads.get(i), start + i);
        int status = response.statusCode();
        if (status == 200) {
          ok++;
        } else if (status >= 400 && status < 500) {
          rejected++;
          if (response.bodyAsString().contains("audio-decode-timeout")) {
            budgetExceeded++;
            keep(SLOW, payloads.get(i), start + i);
          }
          assertEquals(
              Problem.CONTENT_TYPE, response.getHeader("Content-Type"), response.bodyAsString());
          assertEquals(status, response.bodyAsJsonObject().getInteger("status"));
        } else {
          keep(FAILURES, payloads.get(i), start + i);
          fail(
              "payload "
                  + (start + i)
                  + " (seed "
                  + SEED
                  + ") answered "
                  + status
                  + ": "
                  + response.bodyAsString());
        }
      }
    }
    System.out.printf(
        "fuzz (seed %d): %d answered 200, %d refused with 4xx, %d of them at the decode budget%n",
        SEED, ok, rejected, budgetExceeded);
    assertEquals(PAYLOADS, ok + rejected);
    assertTrue(
        ok > 0 && rejected > 0,
        "the mix exercises both paths: ok " + ok + ", rejected " + rejected);
    JsonObject health = await(server.client().get("/api/v1/health").send()).bodyAsJsonObject();
    assertEquals("UP", health.getString("status"));
  }

  private static Future<HttpResponse<Buffer>> send(byte[] payload, boolean asJson) {
    var request =
        server.client().post("/api/v1/predictions/single").timeout(TimeUnit.SECONDS.toMillis(60));
    if (asJson) {
      return request.sendJsonObject(
          new JsonObject()
              .put("audio_base64", Base64.getEncoder().encodeToString(payload))
              .put("filename", "fuzz.bin"));
    }
    return request.sendMultipartForm(
        MultipartForm.create()
            .binaryFileUpload(
                "file", "fuzz.bin", Buffer.buffer(payload), "application/octet-stream"));
  }

  private static HttpResponse<Buffer> answerOf(
      Future<HttpResponse<Buffer>> answer, byte[] payload, int index) throws Exception {
    try {
      return answer.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      keep(FAILURES, payload, index);
      throw new AssertionError("payload " + index + " (seed " + SEED + ") got no answer: " + e, e);
    }
  }

  /** One hostile payload derived from a random fixture. */
  static byte[] mutate(Random random) {
    byte[] base = fixtures.get(random.nextInt(fixtures.size()));
    byte[] out = base.clone();
    switch (random.nextInt(6)) {
      case 0 -> out = Arrays.copyOf(base, random.nextInt(base.length));
      case 1 -> {
        int flips = 1 + random.nextInt(24);
        for (int i = 0; i < flips; i++) {
          // Bias towards the header, where lengths and formats live.
          int at =
              random.nextBoolean()
                  ? random.nextInt(Math.min(64, out.length))
                  : random.nextInt(out.length);
          out[at] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 2 -> {
        int from = random.nextInt(out.length);
        int length = Math.min(out.length - from, 1 + random.nextInt(512));
        byte[] noise = new byte[length];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, out, from, length);
      }
      case 3 -> {
        byte[] magic = FAKE_MAGIC[random.nextInt(FAKE_MAGIC.length)];
        out = new byte[magic.length + random.nextInt(4096)];
        random.nextBytes(out);
        System.arraycopy(magic, 0, out, 0, magic.length);
      }
      case 4 -> {
        byte[] other = fixtures.get(random.nextInt(fixtures.size()));
        int cut = random.nextInt(Math.min(base.length, 200));
        out = Arrays.copyOf(base, cut + other.length - Math.min(cut, other.length - 1));
        System.arraycopy(other, Math.min(cut, other.length - 1), out, cut, out.length - cut);
      }
      default -> {
        // 32-bit fields set to extremes: sizes, rates and channel counts that lie.
        int at = random.nextInt(Math.max(1, Math.min(60, out.length - 4)));
        int value =
            switch (random.nextInt(4)) {
              case 0 -> 0;
              case 1 -> -1;
              case 2 -> Integer.MAX_VALUE;
              default -> random.nextInt();
            };
        for (int b = 0; b < 4 && at + b < out.length; b++) {
          out[at + b] = (byte) (value >>> (8 * b));
        }
      }
    }
    return out;
  }

  private static void keep(Path folder, byte[] payload, int index) {
    try {
      Files.createDirectories(folder);
      Files.write(folder.resolve("payload-" + index + ".bin"), payload);
    } catch (Exception ignored) {
      // The assertion message carries the seed; the file is a convenience.
    }
  }
}
