package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.earshot.testing.Await;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code redis-sentinel://} URL reaches the master a real Sentinel reports, and the job queue and
 * model registry work through it. (Cluster mode: {@code service.RedisClusterTest}.)
 */
class RedisSentinelTest {
  @RegisterExtension static RedisServerExtension master = new RedisServerExtension();
  @TempDir Path dir;

  @Test
  void jobsAndModelsWorkThroughASentinelUrl() throws Exception {
    assumeTrue(master.managed(), "needs the test's own Redis master");
    int masterPort = URI.create(master.url()).getPort();
    int sentinelPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      sentinelPort = socket.getLocalPort();
    }
    Path conf = dir.resolve("sentinel.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "port " + sentinelPort,
            "bind 127.0.0.1",
            "sentinel monitor earshot 127.0.0.1 " + masterPort + " 1",
            "sentinel down-after-milliseconds earshot 5000",
            ""));
    Process sentinel =
        new ProcessBuilder(List.of("redis-server", conf.toString(), "--sentinel"))
            .redirectErrorStream(true)
            .redirectOutput(new File(dir.resolve("sentinel.log").toString()))
            .start();
    Vertx vertx = Vertx.vertx();
    try {
      int port = sentinelPort;
      Await.until(Duration.ofSeconds(10), "sentinel listening", () -> accepting(port));
      JobsBackEnd backEnd =
          await(
              JobsBackEnd.start(
                  vertx,
                  Optional.of("redis-sentinel://127.0.0.1:" + sentinelPort + "/earshot"),
                  JobQueueOptions.DEFAULTS,
                  dir));
      assertEquals("UP", backEnd.redisHealth());
      JobSnapshot job = await(backEnd.queue().submit(JobRequest.retrain(new JsonObject())));
      assertTrue(await(backEnd.queue().claim("w1")).isPresent());
      assertEquals(
          JobStatus.RUNNING, await(backEnd.queue().get(job.jobId())).orElseThrow().status());
      String version =
          await(backEnd.models().register(new byte[] {1, 2}, new JsonObject(), new JsonObject()));
      await(backEnd.models().activate(version));
      assertEquals(Optional.of(version), await(backEnd.models().activeVersion()));
      await(backEnd.close());
    } finally {
      await(vertx.close());
      sentinel.destroy();
      sentinel.waitFor();
    }
  }

  private static boolean accepting(int port) {
    try (Socket socket = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
