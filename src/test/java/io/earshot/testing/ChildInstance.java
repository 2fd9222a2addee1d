package io.earshot.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Earshot in its own JVM ({@code io.earshot.Main serve} on the test class path), for what an
 * in-process instance cannot show: being killed with SIGKILL, or frozen with SIGSTOP, while it
 * holds a job. Its output goes to {@code <dir>/instance.log}.
 */
public final class ChildInstance implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient client = HttpClient.newHttpClient();

  private ChildInstance(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts an instance with {@code settings} as its conf/config.json and {@code env} on top, and
   * waits until it is live.
   */
  public static ChildInstance start(Path dir, JsonObject settings, Map<String, String> env)
      throws Exception {
    Files.createDirectories(dir);
    Path config = Files.writeString(dir.resolve("config.json"), settings.encode());
    int port = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.earshot.Main",
                "serve")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("instance.log").toFile());
    builder.environment().putAll(env);
    builder.environment().put("EARSHOT_CONFIG", config.toString());
    builder.environment().put("PORT", String.valueOf(port));
    ChildInstance child = new ChildInstance(builder.start(), port, dir.resolve("instance.log"));
    child.awaitLive(Duration.ofSeconds(60));
    return child;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no job handed back, heartbeats simply stop. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGSTOP: the JVM freezes where it is, as in a long GC pause or a network partition. */
  public void freeze() throws Exception {
    signal("STOP");
  }

  /** SIGCONT: a frozen JVM goes on from where it stopped. */
  public void thaw() throws Exception {
    signal("CONT");
  }

  /** A file part of a multipart request. */
  public record Part(String field, String filename, byte[] bytes) {}

  /** GET {@code path}; the response whatever its status. */
  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public JsonObject getJson(String path) {
    return new JsonObject(get(path).body());
  }

  /** POST {@code json} with the given extra headers (name, value, name, value...). */
  public HttpResponse<String> postJson(String path, JsonObject json, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.encode()));
    return send(headers.length == 0 ? request : request.headers(headers));
  }

  /** POST multipart/form-data: text fields, then file parts (from memory or from a file). */
  public HttpResponse<String> postMultipart(
      String path, Map<String, String> fields, List<Part> parts, Path file, String... headers) {
    String boundary = "earshot-" + System.nanoTime();
    List<HttpRequest.BodyPublisher> body = new ArrayList<>();
    fields.forEach(
        (name, value) ->
            body.add(
                text(
                    "--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\""
                        + name
                        + "\"\r\n\r\n"
                        + value
                        + "\r\n")));
    for (Part part : parts) {
      body.add(text(partHead(boundary, part.field(), part.filename())));
      body.add(HttpRequest.BodyPublishers.ofByteArray(part.bytes()));
      body.add(text("\r\n"));
    }
    if (file != null) {
      body.add(text(partHead(boundary, "file", file.getFileName().toString())));
      try {
        body.add(HttpRequest.BodyPublishers.ofFile(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      body.add(text("\r\n"));
    }
    body.add(text("--" + boundary + "--\r\n"));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(
                HttpRequest.BodyPublishers.concat(body.toArray(HttpRequest.BodyPublisher[]::new)));
    return send(headers.length == 0 ? request : request.headers(headers));
  }

  /** The instance's id as its health answer gives it (host:pid). */
  public String instanceId() {
    return getJson("/api/v1/health").getString("instance");
  }

  private static String partHead(String boundary, String field, String filename) {
    return "--"
        + boundary
        + "\r\nContent-Disposition: form-data; name=\""
        + field
        + "\"; filename=\""
        + filename
        + "\"\r\nContent-Type: audio/wav\r\n\r\n";
  }

  private static HttpRequest.BodyPublisher text(String text) {
    return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private void signal(String name) throws Exception {
    Process kill = new ProcessBuilder(List.of("kill", "-" + name, String.valueOf(pid()))).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
    }
  }

  private void awaitLive(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI live = URI.create("http://127.0.0.1:" + port + "/api/v1/health/live");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("instance exited during start-up:\n" + log());
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) live.toURL().openConnection();
        connection.setConnectTimeout(500);
        connection.setReadTimeout(1000);
        if (connection.getResponseCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("instance not live within " + timeout + ":\n" + log());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A graceful stop (SIGTERM), then SIGKILL if it hangs. */
  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      thaw(); // a frozen JVM would not see SIGTERM
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
