package io.earshot.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis for one test class: {@code redis-server} from PATH on a free port, without
 * persistence, stopped after the class. When {@code REDIS_URL} is set that server is used instead
 * (and it cannot be stopped or restarted). Register with {@code @RegisterExtension static
 * RedisServerExtension redis = new RedisServerExtension();} and isolate tests with {@link
 * #freshPrefix()} rather than flushing a shared server.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final String externalUrl = System.getenv("REDIS_URL");
  private int port;
  private Process process;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (externalUrl == null || externalUrl.isBlank()) {
      port = freePort();
      start();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  public String url() {
    return managed() ? "redis://127.0.0.1:" + port : externalUrl;
  }

  /** True when this extension runs the server (so it may stop and restart it). */
  public boolean managed() {
    return externalUrl == null || externalUrl.isBlank();
  }

  /** A key prefix no other test uses. */
  public static String freshPrefix() {
    return "test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  /** Starts redis-server on this extension's port and waits until it accepts connections. */
  public synchronized void start() throws IOException, InterruptedException {
    if (!managed()) {
      throw new IllegalStateException("REDIS_URL is set: the server is not managed by the test");
    }
    File log = new File("target/redis-server-" + port + ".log");
    log.getParentFile().mkdirs();
    process =
        new ProcessBuilder(serverCommand(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .start();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (!accepting()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited with " + process.exitValue() + "; see " + log);
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "redis-server did not open port " + port + " in " + START_TIMEOUT);
      }
      Thread.sleep(20);
    }
  }

  /** Stops the server (SIGTERM) and waits for it to exit; data is gone (no persistence). */
  public synchronized void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor();
      process = null;
    }
  }

  /**
   * {@code redis-server} on loopback at {@code port}, keeping nothing on disk, plus {@code extra}.
   */
  static List<String> serverCommand(int port, String... extra) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no"));
    command.addAll(List.of(extra));
    return command;
  }

  private boolean accepting() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
