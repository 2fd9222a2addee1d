package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.jobs.local.LocalJobQueue;
import io.earshot.jobs.redis.RedisJobQueue;
import io.earshot.jobs.redis.RedisSettings;
import io.earshot.testing.Await;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class JobsBackEndTest {

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  @TempDir Path dir;
  Vertx vertx;
  JobsBackEnd backEnd;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (backEnd != null) {
      await(backEnd.close());
    }
    await(vertx.close());
  }

  @Test
  void withoutAUrlEverythingRunsInProcess() throws Exception {
    backEnd = await(JobsBackEnd.start(vertx, Optional.empty(), JobQueueOptions.DEFAULTS, dir));
    assertEquals("DISABLED", backEnd.redisHealth());
    assertInstanceOf(LocalJobQueue.class, backEnd.queue());
    assertEquals(JobLane.TRAINING, backEnd.queue().lane());
    assertEquals(JobLane.ANALYSIS, backEnd.analysisQueue().lane());
    JobSnapshot analysis =
        await(backEnd.analysisQueue().submit(new JobRequest("analysis", new JsonObject())));
    assertEquals(
        "analysis",
        await(backEnd.queue().get(analysis.jobId())).orElseThrow().lane(),
        "the lanes share their jobs");
    assertEquals(
        "1", await(backEnd.models().register(new byte[] {1}, new JsonObject(), new JsonObject())));
  }

  @Test
  void withAUrlEverythingGoesThroughRedisAndEventsArrive() throws Exception {
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(JobEvents.ADDRESS, message -> events.add(message.body()));
    RedisSettings settings =
        RedisSettings.fromUrl(redis.url()).withKeyPrefix(RedisServerExtension.freshPrefix());
    backEnd = await(JobsBackEnd.redis(vertx, settings, JobQueueOptions.DEFAULTS));
    assertEquals("UP", backEnd.redisHealth());
    assertInstanceOf(RedisJobQueue.class, backEnd.queue());
    assertEquals(JobLane.TRAINING, backEnd.queue().lane());
    assertEquals(JobLane.ANALYSIS, backEnd.analysisQueue().lane());
    JobSnapshot job =
        await(
            backEnd.queue().submit(JobRequest.retrain(new JsonObject().put("id", dir.toString()))));
    Await.until(
        Duration.ofSeconds(5),
        "queued event",
        () -> events.stream().anyMatch(e -> job.jobId().equals(e.getString("job_id"))));
  }

  @Test
  void malformedUrlFailsTheStartWithTheReason() throws Exception {
    Throwable failure =
        Await.failureOf(
            JobsBackEnd.start(
                vertx, Optional.of("http://127.0.0.1:6379"), JobQueueOptions.DEFAULTS, dir));
    assertInstanceOf(IllegalArgumentException.class, failure);
    assertTrue(failure.getMessage().contains("redis://"), failure.getMessage());
  }

  @Test
  void unreachableRedisStartsDegraded() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    backEnd =
        await(
            JobsBackEnd.start(
                vertx,
                Optional.of("redis://127.0.0.1:" + closedPort),
                JobQueueOptions.DEFAULTS,
                dir));
    assertEquals("DOWN", backEnd.redisHealth());
  }
}
