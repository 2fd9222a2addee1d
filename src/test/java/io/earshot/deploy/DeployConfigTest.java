// SPDX-License-Identifier: GPL-3.0-or-later
package io.earshot.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the deployment files: nginx behaviour against a stand-in upstream, compose, monitoring.
 */
class DeployConfigTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NGINX = findTool("nginx");

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class NginxInFrontOfAStandInUpstream {

    /** Headers each stand-in endpoint last received, keyed by path, names lower-cased. */
    private final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();

    private final Map<String, Integer> bodyBytes = new ConcurrentHashMap<>();
    private HttpServer upstream;
    private Process nginx;
    private int nginxPort;
    private Path work;

    /** HTTP/2 on plain http offers "Upgrade: h2c": that offer must not reach the service. */
    private final HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

    @BeforeAll
    void startNginxAndUpstream() throws Exception {
      assumeTrue(NGINX != null, "nginx is not installed");
      upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      upstream.createContext("/", this::answer);
      upstream.start();
      work = Files.createTempDirectory("earshot-nginx-test");
      nginxPort = freePort();
      Path conf = localConfig(work, nginxPort, upstream.getAddress().getPort());
      assertEquals(
          0,
          run(List.of(
                  NGINX,
                  "-t",
                  "-p",
                  work.toString(),
                  "-c",
                  conf.toString(),
                  "-g",
                  "pid " + work.resolve("nginx.pid") + ";"))
              .exitCode,
          "nginx -t rejects the config");
      nginx = startNginx(work, conf, nginxPort);
    }

    @AfterAll
    void stop() throws Exception {
      if (nginx != null) {
        nginx.destroy();
        nginx.waitFor(10, TimeUnit.SECONDS);
      }
      if (upstream != null) {
        upstream.stop(0);
      }
    }

    private void answer(HttpExchange exchange) throws IOException {
      Map<String, String> headers = new ConcurrentHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      String path = exchange.getRequestURI().getPath();
      seen.put(path, headers);
      bodyBytes.put(path, exchange.getRequestBody().readAllBytes().length);
      byte[] body =
          ("{\"items\": [" + "\"acoustic\",".repeat(400) + "\"end\"]}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
      if (headers.length > 0) {
        request.headers(headers);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
      return URI.create("http://127.0.0.1:" + nginxPort + path);
    }

    @Test
    void generatesARequestIdAndPassesTheClientAddress() throws Exception {
      HttpResponse<byte[]> response = get("/api/v1/model-info");
      Map<String, String> upstreamSaw = seen.get("/api/v1/model-info");
      String requestId = upstreamSaw.get("x-request-id");
      assertAll(
          () -> assertEquals(200, response.statusCode()),
          () ->
              assertTrue(
                  requestId != null && requestId.matches("[0-9a-f]{32}"), "id: " + requestId),
          () -> assertEquals(requestId, response.headers().firstValue("X-Request-Id").orElse(null)),
          () -> assertTrue(upstreamSaw.getOrDefault("x-forwarded-for", "").contains("127.0.0.1")),
          () ->
              assertFalse(upstreamSaw.containsKey("upgrade"), "only WebSocket handshakes upgrade"));
    }

    @Test
    void keepsTheCallersRequestId() throws Exception {
      HttpResponse<byte[]> response = get("/api/v1/health", "X-Request-Id", "sensor-17-abc");
      assertEquals("sensor-17-abc", seen.get("/api/v1/health").get("x-request-id"));
      assertEquals("sensor-17-abc", response.headers().firstValue("X-Request-Id").orElse(null));
    }

    @Test
    void compressesJson() throws Exception {
      HttpResponse<byte[]> response = get("/api/v1/model-metrics", "Accept-Encoding", "gzip");
      assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null));
    }

    @Test
    void forwardsAnUploadLargerThanTheMemoryBuffer() throws Exception {
      byte[] clip = new byte[3 * 1024 * 1024];
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(uri("/api/v1/predictions/single"))
                  .header("Content-Type", "application/octet-stream")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(clip))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, response.statusCode());
      assertEquals(clip.length, bodyBytes.get("/api/v1/predictions/single"));
    }

    @Test
    void refusesBodiesOverFiftyMegabytesBeforeTheyReachTheService() throws Exception {
      String reply =
          rawRequest(
              "POST /api/v1/predictions/batch HTTP/1.1\r\nHost: x\r\n"
                  + "Content-Type: application/octet-stream\r\nContent-Length: "
                  + (51L * 1024 * 1024)
                  + "\r\n\r\n");
      assertTrue(reply.startsWith("HTTP/1.1 413"), reply);
      assertFalse(seen.containsKey("/api/v1/predictions/batch"));
    }

    @Test
    void upgradesWebSocketHandshakesOnTheJobEventsPath() throws Exception {
      rawRequest(
          "GET /api/v1/ws/jobs/42 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
              + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              + "Sec-WebSocket-Version: 13\r\n\r\n");
      Map<String, String> upstreamSaw = seen.get("/api/v1/ws/jobs/42");
      assertEquals("websocket", upstreamSaw.get("upgrade"));
      assertEquals("upgrade", upstreamSaw.get("connection").toLowerCase(Locale.ROOT));
    }

    @Test
    void keepsMetricsOffPublicAddressesButOpenOnLoopback() throws Exception {
      assertEquals(200, get("/metrics").statusCode());
      String conf = Files.readString(ROOT.resolve("nginx/nginx.conf"));
      Matcher metrics = Pattern.compile("location = /metrics \\{([^}]*)}").matcher(conf);
      assertTrue(metrics.find(), "no /metrics location");
      assertTrue(metrics.group(1).contains("deny all;"), "/metrics must deny public addresses");
    }

    /** Sends one raw request (for what HttpClient refuses to send) and returns the status line. */
    private String rawRequest(String request) throws IOException {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), nginxPort)) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
          line.append((char) c);
        }
        return line.toString().trim();
      }
    }
  }

  @Test
  void productionConfigFindsScaledReplicasThroughDockerDns() throws IOException {
    String conf = Files.readString(ROOT.resolve("nginx/nginx.conf"));
    assertAll(
        () -> assertTrue(conf.contains("resolver 127.0.0.11"), "Docker's embedded DNS"),
        () ->
            assertTrue(
                Pattern.compile("server api:8080 resolve").matcher(conf).find(),
                "upstream re-resolving the compose service name"),
        () ->
            assertTrue(
                Pattern.compile("keepalive \\d+;").matcher(conf).find(), "upstream keep-alive"),
        () -> assertTrue(conf.contains("client_max_body_size 50m;")));
  }

  @Test
  void localConfigGeneratorRefusesToRunWithoutUpstreams(@TempDir Path dir) throws Exception {
    ProcessResult result =
        run(
            List.of(
                "bash",
                ROOT.resolve("scripts/nginx-local-conf.sh").toString(),
                "--listen",
                "127.0.0.1:1",
                "--work",
                dir.toString()));
    assertNotEquals(0, result.exitCode);
    assertTrue(result.output.contains("--upstream"), result.output);
  }

  @Nested
  class Compose {

    private final JsonNode services;

    Compose() throws IOException {
      services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");
    }

    @Test
    void redisKeepsAnAppendOnlyFileAndHasAHealthCheck() {
      JsonNode redis = services.path("redis");
      List<String> command = strings(redis.path("command"));
      int flag = command.indexOf("--appendonly");
      assertTrue(flag >= 0 && "yes".equals(command.get(flag + 1)), "command: " + command);
      List<String> test = strings(redis.path("healthcheck").path("test"));
      assertTrue(test.contains("redis-cli") && test.contains("ping"), "healthcheck: " + test);
    }

    @Test
    void apiScalesBehindNginxAndWaitsForAHealthyRedis() {
      JsonNode api = services.path("api");
      assertAll(
          () -> assertTrue(api.path("ports").isMissingNode(), "a host port would block --scale"),
          () ->
              assertTrue(api.path("container_name").isMissingNode(), "a fixed name blocks --scale"),
          () -> assertEquals(".", api.path("build").asText()),
          () ->
              assertEquals(
                  "service_healthy",
                  api.path("depends_on").path("redis").path("condition").asText()),
          () ->
              assertTrue(
                  api.path("environment")
                      .path("REDIS_URL")
                      .asText()
                      .startsWith("redis://redis:6379")),
          () -> assertEquals("/app/models", api.path("environment").path("MODEL_DIR").asText()),
          () -> assertEquals("/data", api.path("environment").path("DATA_DIR").asText()),
          () -> assertTrue(api.path("environment").has("API_KEY")),
          () -> assertTrue(api.path("environment").has("WORKERS")));
    }

    @Test
    void nginxIsTheOnlyPublishedPortOfTheDefaultStack() {
      List<String> publishing = new ArrayList<>();
      services
          .fields()
          .forEachRemaining(
              service -> {
                boolean inDefaultProfile = service.getValue().path("profiles").isMissingNode();
                if (inDefaultProfile && service.getValue().has("ports")) {
                  publishing.add(service.getKey());
                }
              });
      assertEquals(List.of("nginx"), publishing);
      assertEquals(List.of("8080:80"), strings(services.path("nginx").path("ports")));
      assertTrue(
          strings(services.path("nginx").path("volumes"))
              .contains("./nginx/nginx.conf:/etc/nginx/nginx.conf:ro"));
    }

    @Test
    void monitoringRunsOnlyInItsProfileAndListensOnLoopbackOnly() {
      for (String name : List.of("prometheus", "grafana")) {
        JsonNode service = services.path(name);
        assertEquals(List.of("monitoring"), strings(service.path("profiles")), name);
        for (String port : strings(service.path("ports"))) {
          assertTrue(port.startsWith("127.0.0.1:"), name + " publishes " + port);
        }
      }
    }

    @Test
    void everyMountedFileExistsInTheRepository() {
      services
          .fields()
          .forEachRemaining(
              service -> {
                for (String volume : strings(service.getValue().path("volumes"))) {
                  if (volume.startsWith("./")) {
                    Path source = ROOT.resolve(volume.substring(2, volume.indexOf(':')));
                    assertTrue(
                        Files.exists(source), service.getKey() + " mounts missing " + source);
                  }
                }
              });
    }
  }

  @Nested
  class Monitoring {

    @Test
    void prometheusDiscoversEveryApiReplicaThroughDns() throws IOException {
      JsonNode job =
          YAML.readTree(ROOT.resolve("monitoring/prometheus.yml").toFile())
              .path("scrape_configs")
              .get(0);
      JsonNode dns = job.path("dns_sd_configs").get(0);
      assertEquals("/metrics", job.path("metrics_path").asText());
      assertEquals(List.of("api", "worker"), strings(dns.path("names")));
      assertEquals(8080, dns.path("port").asInt());
    }

    @Test
    void prometheusAcceptsItsConfig() throws Exception {
      String promtool = findTool("promtool");
      assumeTrue(promtool != null, "promtool is not installed (Debian: prometheus)");
      ProcessResult result =
          run(
              List.of(
                  promtool,
                  "check",
                  "config",
                  ROOT.resolve("monitoring/prometheus.yml").toString()));
      assertEquals(0, result.exitCode, result.output);
    }

    /** promtool parses every panel query as the expression of a recording rule. */
    @Test
    void everyDashboardQueryIsValidPromQl(@TempDir Path dir) throws Exception {
      String promtool = findTool("promtool");
      assumeTrue(promtool != null, "promtool is not installed (Debian: prometheus)");
      JsonNode dashboard =
          JSON.readTree(ROOT.resolve("monitoring/grafana/dashboards/earshot.json").toFile());
      List<Map<String, String>> rules = new ArrayList<>();
      dashboard
          .path("panels")
          .forEach(
              panel ->
                  panel
                      .path("targets")
                      .forEach(
                          target ->
                              rules.add(
                                  Map.of(
                                      "record",
                                      "dashboard:query_" + rules.size(),
                                      "expr",
                                      target.path("expr").asText()))));
      Path file = dir.resolve("dashboard-rules.yml");
      YAML.writeValue(
          file.toFile(), Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules))));
      ProcessResult result = run(List.of(promtool, "check", "rules", file.toString()));
      assertEquals(0, result.exitCode, result.output);
      assertTrue(
          result.output.contains("SUCCESS: " + rules.size() + " rules found"), result.output);
    }

    @Test
    void dashboardChartsEveryEarshotMetric() throws IOException {
      JsonNode dashboard =
          JSON.readTree(ROOT.resolve("monitoring/grafana/dashboards/earshot.json").toFile());
      Set<String> expressions = new HashSet<>();
      dashboard
          .path("panels")
          .forEach(
              panel ->
                  panel
                      .path("targets")
                      .forEach(target -> expressions.add(target.path("expr").asText())));
      String all = String.join("\n", expressions);
      for (String metric :
          List.of(
              "vertx_http_server_requests_total",
              "vertx_http_server_response_time_seconds_bucket",
              "earshot_predictions_total",
              "earshot_prediction_stage_seconds_bucket",
              "earshot_worker_queue_depth",
              "earshot_worker_rejections_total",
              "earshot_jobs",
              "earshot_training_duration_seconds",
              "earshot_model_version",
              "earshot_model_accuracy")) {
        assertTrue(all.contains(metric), "no panel shows " + metric);
      }
      String datasourceUid =
          YAML.readTree(
                  ROOT.resolve("monitoring/grafana/provisioning/datasources/prometheus.yml")
                      .toFile())
              .path("datasources")
              .get(0)
              .path("uid")
              .asText();
      dashboard
          .path("panels")
          .forEach(
              panel ->
                  assertEquals(
                      datasourceUid,
                      panel.path("datasource").path("uid").asText(),
                      panel.path("title").asText()));
    }
  }

  @Nested
  class DemoData {

    private final Path script = ROOT.resolve("scripts/generate-demo-data.sh");

    private ProcessResult generate(Path out, String... options) throws Exception {
      assumeTrue(findTool("sox") != null, "sox is not installed");
      List<String> command =
          new ArrayList<>(
              List.of(
                  "bash",
                  script.toString(),
                  out.toString(),
                  "--per-class",
                  "2",
                  "--duration",
                  "2",
                  "--classes",
                  "siren,bird,gunshot"));
      command.addAll(List.of(options));
      return run(command);
    }

    @Test
    void sameSeedGivesIdenticalFilesAndAnotherSeedDifferentOnes(@TempDir Path dir)
        throws Exception {
      assertEquals(0, generate(dir.resolve("a"), "--seed", "5", "--jobs", "2").exitCode);
      assertEquals(0, generate(dir.resolve("b"), "--seed", "5", "--jobs", "1").exitCode);
      assertEquals(0, generate(dir.resolve("c"), "--seed", "6").exitCode);
      List<Path> files = wavFiles(dir.resolve("a"));
      assertEquals(6, files.size(), "2 clips x 3 classes: " + files);
      for (Path file : files) {
        Path relative = dir.resolve("a").relativize(file);
        assertTrue(
            Files.mismatch(file, dir.resolve("b").resolve(relative)) == -1, "differs: " + relative);
        assertTrue(
            Files.mismatch(file, dir.resolve("c").resolve(relative)) != -1,
            "seed ignored: " + relative);
      }
    }

    @Test
    void clipsAreWavAtTheAdvertisedRatesChannelsAndLength(@TempDir Path dir) throws Exception {
      assertEquals(0, generate(dir, "--seed", "11").exitCode);
      for (Path file : wavFiles(dir)) {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
        int channels = header.getShort(22);
        int rate = header.getInt(24);
        int bits = header.getShort(34);
        assertTrue(Set.of(16000, 22050, 44100).contains(rate), file + " rate " + rate);
        assertTrue(channels == 1 || channels == 2, file + " channels " + channels);
        assertEquals(16, bits, file.toString());
        long frames = (Files.size(file) - 44) / (channels * 2L);
        assertEquals(2.0, frames / (double) rate, 0.01, file + " length");
      }
    }

    @Test
    void splitWritesTrainAndTestFromDifferentSeeds(@TempDir Path dir) throws Exception {
      assertEquals(0, generate(dir, "--split", "--test-per-class", "1").exitCode);
      assertEquals(6, wavFiles(dir.resolve("train")).size());
      assertEquals(3, wavFiles(dir.resolve("test")).size());
      Path first = Path.of("siren", "siren_0001.wav");
      assertTrue(
          Files.mismatch(dir.resolve("train").resolve(first), dir.resolve("test").resolve(first))
              != -1);
      assertTrue(
          Files.exists(dir.resolve("train/MANIFEST.csv"))
              && Files.exists(dir.resolve("test/MANIFEST.csv")));
    }

    @Test
    void refusesAnUnknownClassAndNamesTheKnownOnes(@TempDir Path dir) throws Exception {
      ProcessResult result =
          run(List.of("bash", script.toString(), dir.toString(), "--classes", "siren,cat"));
      assertEquals(2, result.exitCode);
      assertTrue(
          result.output.contains("unknown class 'cat'") && result.output.contains("gunshot"),
          result.output);
    }

    @Test
    void refusesToMixANewSetIntoOldClips(@TempDir Path dir) throws Exception {
      assertEquals(0, generate(dir).exitCode);
      ProcessResult again = generate(dir);
      assertNotEquals(0, again.exitCode);
      assertTrue(again.output.contains("--force"), again.output);
      assertEquals(0, generate(dir, "--force").exitCode);
    }

    private List<Path> wavFiles(Path dir) throws IOException {
      try (var paths = Files.walk(dir)) {
        return paths.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
      }
    }
  }

  @Test
  void dockerImageBuildsOnTheJdkAndRunsOnTheJreAsNonRoot() throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile"));
    List<String> stages = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    String user =
        lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
    String all = String.join("\n", lines);
    assertAll(
        () -> assertEquals(2, stages.size(), "stages: " + stages),
        () -> assertTrue(stages.get(0).startsWith("FROM eclipse-temurin:17-jdk")),
        () -> assertTrue(stages.get(1).startsWith("FROM eclipse-temurin:17-jre")),
        () -> assertFalse(user.matches("USER (root|0)"), user),
        () -> assertTrue(all.contains("/api/v1/health/live"), "health check on the liveness probe"),
        () -> assertTrue(all.contains("-XX:MaxRAMPercentage=75")),
        () -> assertTrue(all.contains("-XX:+ExitOnOutOfMemoryError")),
        () -> assertTrue(all.contains("RUN /tmp/cds/cds-archive.sh"), "builds the CDS archive"),
        () ->
            assertTrue(
                all.contains("\"-XX:SharedArchiveFile=/app/earshot.jsa\", \"-Xshare:auto\""),
                "uses it, and starts without it"));
  }

  // ---------------------------------------------------------------------------------------------

  /** The local variant of nginx/nginx.conf, in {@code work}, in front of the upstream ports. */
  static Path localConfig(Path work, int listenPort, int... upstreamPorts) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                ROOT.resolve("scripts/nginx-local-conf.sh").toString(),
                "--listen",
                "127.0.0.1:" + listenPort,
                "--work",
                work.toString()));
    for (int port : upstreamPorts) {
      command.addAll(List.of("--upstream", "127.0.0.1:" + port));
    }
    ProcessResult result = run(command);
    assertEquals(0, result.exitCode, result.output);
    Path conf = work.resolve("nginx-local.conf");
    Files.writeString(conf, result.output);
    return conf;
  }

  private record ProcessResult(int exitCode, String output) {}

  private static ProcessResult run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "timed out: " + command);
    return new ProcessResult(process.exitValue(), output);
  }

  /** A tool on PATH or in /usr/sbin (nginx lives there, off a normal user's PATH), or null. */
  static String findTool(String name) {
    List<String> dirs =
        new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.add("/usr/sbin");
    return dirs.stream()
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst()
        .orElse(null);
  }

  /** nginx in the foreground on {@code conf} (output in work/nginx.out), once it listens. */
  static Process startNginx(Path work, Path conf, int port) throws Exception {
    Process nginx =
        new ProcessBuilder(
                NGINX,
                "-p",
                work.toString(),
                "-c",
                conf.toString(),
                "-g",
                "pid " + work.resolve("nginx.pid") + "; daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("nginx.out").toFile())
            .start();
    awaitPort(port);
    return nginx;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitPort(int port) throws InterruptedException {
    for (int attempt = 0; attempt < 200; attempt++) {
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("nothing listens on port " + port);
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.forEach(value -> values.add(value.asText()));
    return values;
  }
}
