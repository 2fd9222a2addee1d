package io.earshot.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
