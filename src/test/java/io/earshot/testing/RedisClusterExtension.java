package io.earshot.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real six-node Redis Cluster (three masters, one replica each) for one test class: six {@code
 * redis-server --cluster-enabled yes} from PATH, joined with {@code redis-cli --cluster create},
 * waited for until every node says {@code cluster_state:ok}, and stopped after the class. Register
 * with {@code @RegisterExtension static RedisClusterExtension cluster = new
 * RedisClusterExtension();} and connect with {@link #url()}.
 *
 * <p>Each node's cluster bus listens on its port + 10000, so ports are drawn below 55535 and taken
 * only when both are free. Nodes keep nothing on disk but their cluster config, in a temporary
 * folder removed with them.
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {
  private static final int NODES = 6;
  private static final int BUS_OFFSET = 10_000;
  private static final int LOWEST_PORT = 20_000;
  private static final int HIGHEST_PORT = 55_534;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final List<Integer> ports = new ArrayList<>();
  private final List<Process> nodes = new ArrayList<>();
  private Path dir;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("earshot-redis-cluster");
    try {
      for (int i = 0; i < NODES; i++) {
        int port = freePortWithFreeBus();
        ports.add(port);
        nodes.add(startNode(port));
      }
      for (int port : ports) {
        Await.until(START_TIMEOUT, "redis-server on port " + port, () -> accepting(port));
      }
      createCluster();
      Await.until(START_TIMEOUT, "cluster_state:ok on every node", this::clusterOk);
    } catch (Exception | AssertionError e) {
      afterAll(context);
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    for (Process node : nodes) {
      node.destroy();
    }
    for (Process node : nodes) {
      if (!node.waitFor(10, TimeUnit.SECONDS)) {
        node.destroyForcibly().waitFor();
      }
    }
    nodes.clear();
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
      }
      dir = null;
    }
  }

  /** Deletes every key: FLUSHALL on the masters (the replicas refuse it and follow them). */
  public void flushAll() throws InterruptedException {
    ports.forEach(p -> cli(p, "flushall"));
    Await.until(
        START_TIMEOUT,
        "every node empty",
        () -> ports.stream().allMatch(p -> "0".equals(cli(p, "dbsize").trim())));
  }

  /** Every key in the cluster, read from each node (a replica lists its master's keys again). */
  public List<String> keys() {
    return ports.stream()
        .flatMap(p -> cli(p, "--scan").lines())
        .filter(k -> !k.isBlank())
        .distinct()
        .toList();
  }

  /** A {@code redis-cluster://} URL naming every node as a seed. */
  public String url() {
    return "redis-cluster://"
        + ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  private Process startNode(int port) throws IOException {
    Path nodeDir = Files.createDirectories(dir.resolve(String.valueOf(port)));
    return new ProcessBuilder(
            RedisServerExtension.serverCommand(
                port,
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                nodeDir.resolve("nodes.conf").toString(),
                "--cluster-node-timeout",
                "5000",
                "--dir",
                nodeDir.toString()))
        .redirectErrorStream(true)
        .redirectOutput(nodeDir.resolve("redis.log").toFile())
        .start();
  }

  /** {@code redis-cli --cluster create} with one replica per master, answering its prompt. */
  private void createCluster() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    ports.forEach(p -> command.add("127.0.0.1:" + p));
    command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    Path log = dir.resolve("create.log");
    Process create =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!create.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || create.exitValue() != 0) {
      create.destroyForcibly();
      throw new IllegalStateException(
          "redis-cli --cluster create failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  private boolean clusterOk() {
    return ports.stream().allMatch(p -> cli(p, "cluster", "info").contains("cluster_state:ok"));
  }

  private static String cli(int port, String... args) {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(5, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** A port under 55535 whose bus port (+10000) is free too. */
  private int freePortWithFreeBus() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST_PORT, HIGHEST_PORT - BUS_OFFSET + 1);
      if (!ports.contains(port) && bindable(port) && bindable(port + BUS_OFFSET)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port pair (port, port + 10000) below 55535");
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean accepting(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
