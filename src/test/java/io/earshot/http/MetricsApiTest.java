package io.earshot.http;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.earshot.testing.Await;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * /metrics after real traffic (Earshot's own meters, route-templated HTTP meters) and the access
 * log.
 */
class MetricsApiTest {
  @TempDir static Path root;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(TestServer.config(root));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void aPredictionShowsUpByClassAndStage() throws Exception {
    double before = value(scrape(), "earshot_predictions_total", "class=\"low\"").orElse(0);
    // a clip like the tiny model's "low" training clips, so it is answered rather than abstained on
    predict(TestAudio.wav(TestAudio.tone(240, 1.0, 5)));
    String metrics = scrape();
    assertEquals(
        before + 1,
        value(metrics, "earshot_predictions_total", "class=\"low\"").orElseThrow(),
        1e-9);
    for (String stage : new String[] {"decode", "features", "scoring"}) {
      String tag = "stage=\"" + stage + "\"";
      assertTrue(
          value(metrics, "earshot_prediction_stage_seconds_count", tag).orElseThrow() >= 1, stage);
      assertTrue(
          value(metrics, "earshot_prediction_stage_seconds_sum", tag).orElseThrow() > 0, stage);
      assertTrue(
          metrics.contains(
              "earshot_prediction_stage_seconds_bucket{stage=\"" + stage + "\",le=\"0.1\"}"),
          "latency histogram buckets:\n" + grep(metrics, "earshot_prediction_stage"));
    }
  }

  @Test
  void modelAndWorkerGaugesReadLiveState() throws Exception {
    String metrics = scrape();
    assertEquals(
        1.0,
        value(metrics, "earshot_model_version", "version=\"1\"").orElseThrow(),
        "the test model is version 1, as value and label");
    double accuracy = value(metrics, "earshot_model_accuracy", "").orElseThrow();
    assertEquals(
        server.service().models().current().orElseThrow().bundle().metrics().accuracy(),
        accuracy,
        1e-9);
    assertEquals(
        0.0, value(metrics, "earshot_worker_queue_depth", "").orElseThrow(), "nothing in flight");
    assertTrue(value(metrics, "earshot_worker_rejections_total", "").isPresent());
  }

  @Test
  void httpMetricsUseRouteTemplatesNotRawPaths() throws Exception {
    predict(TestAudio.wav(TestAudio.noise(1.0, 3)));
    await(server.client().get("/api/v1/health").send());
    await(server.client().get("/api/v1/no-such-thing-4711").send());
    await(server.client().get("/api/v1/jobs/job-id-0815").send());
    String metrics = scrape();
    Pattern predictions =
        Pattern.compile(
            "vertx_http_server_requests_total\\{[^}]*code=\"200\"[^}]*method=\"POST\"[^}]*route=\"/api/v1/predictions/single\"[^}]*} ([0-9.Ee+]+)");
    Matcher m = predictions.matcher(metrics);
    assertTrue(
        m.find(),
        "request counter by route, method and code:\n"
            + grep(metrics, "vertx_http_server_requests_total"));
    assertTrue(Double.parseDouble(m.group(1)) >= 1);
    assertTrue(
        metrics.contains("vertx_http_server_response_time_seconds_count{"), "latency by route");
    assertTrue(
        metrics.contains("vertx_http_server_response_time_seconds_bucket{"),
        "latency buckets, which the Grafana quantile panels need");
    assertTrue(metrics.contains("route=\"/api/v1/health\""));
    assertFalse(
        metrics.contains("no-such-thing-4711"), "an unmatched path must not become a label value");
    assertTrue(
        metrics.contains("route=\"/api/v1/jobs/:id\""),
        grep(metrics, "vertx_http_server_requests_total"));
    assertFalse(metrics.contains("job-id-0815"), "path parameters stay out of labels");
  }

  @Test
  void accessLogWritesOneDebugLinePerRequestWithRouteStatusAndRequestId() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Level before = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logger.addAppender(lines);
    try {
      HttpResponse<Buffer> response =
          await(
              server
                  .client()
                  .get("/api/v1/health")
                  .putHeader("X-Request-Id", "access-log-test-1")
                  .putHeader("X-API-Key", "secret-in-header")
                  .send());
      assertEquals(200, response.statusCode());
      Await.until(
          java.time.Duration.ofSeconds(5), "the access log line", () -> !lines.list.isEmpty());
      String line = lines.list.get(0).getFormattedMessage();
      assertTrue(line.startsWith("GET /api/v1/health -> 200 in "), line);
      assertTrue(line.contains("access-log-test-1"), line);
      assertFalse(line.contains("secret-in-header"), "headers are not logged");
    } finally {
      logger.detachAppender(lines);
      logger.setLevel(before);
    }
  }

  private static void predict(byte[] wav) throws Exception {
    MultipartForm form =
        MultipartForm.create().binaryFileUpload("file", "a.wav", Buffer.buffer(wav), "audio/wav");
    HttpResponse<Buffer> response =
        await(server.client().post("/api/v1/predictions/single").sendMultipartForm(form));
    assertEquals(200, response.statusCode(), response.bodyAsString());
  }

  private static String scrape() throws Exception {
    HttpResponse<Buffer> response = await(server.client().get("/metrics").send());
    assertEquals(200, response.statusCode());
    return response.bodyAsString();
  }

  /**
   * The sample of {@code name} whose labels contain {@code labels} ("" for a metric without
   * labels).
   */
  /** The pool's gauge: every slot a request took is back once it is answered. */
  static void assertNoWorkerSlotsHeld(TestServer server) throws Exception {
    String metrics = await(server.client().get("/metrics").send()).bodyAsString();
    assertEquals(
        0.0,
        value(metrics, "earshot_worker_queue_depth", "").orElseThrow(),
        "worker slots held after the answer");
  }

  static OptionalDouble value(String metrics, String name, String labels) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ") && labels.isEmpty()) {
        return OptionalDouble.of(Double.parseDouble(line.substring(name.length() + 1).trim()));
      }
      if (line.startsWith(name + "{") && line.contains(labels)) {
        return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return OptionalDouble.empty();
  }

  private static String grep(String text, String needle) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.contains(needle)) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }
}
