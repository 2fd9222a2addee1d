package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.earshot.jobs.redis.RedisConnector;
import io.earshot.jobs.redis.RedisHealth;
import io.earshot.jobs.redis.RedisJobEvents;
import io.earshot.jobs.redis.RedisJobQueue;
import io.earshot.jobs.redis.RedisSettings;
import io.earshot.testing.Await;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** redis-server is stopped and started again on the same port under a live connector. */
class RedisRestartTest {

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private Vertx vertx;
  private RedisConnector connector;

  @AfterEach
  void stop() throws Exception {
    await(connector.close());
    await(vertx.close());
  }

  @Test
  void connectorReconnectsAndResubscribesAfterARestart() throws Exception {
    assumeTrue(redis.managed(), "needs a redis-server the test may restart (REDIS_URL is set)");
    vertx = Vertx.vertx();
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(JobEvents.ADDRESS, message -> events.add(message.body()));
    RedisSettings settings =
        RedisSettings.fromUrl(redis.url())
            .withKeyPrefix(RedisServerExtension.freshPrefix())
            .withHealthInterval(Duration.ofMillis(100), Duration.ofMillis(400));
    connector = await(RedisConnector.start(vertx, settings));
    JobQueue queue =
        new RedisJobQueue(
            connector,
            await(RedisJobEvents.start(connector)),
            JobQueueOptions.DEFAULTS,
            JobLane.TRAINING);
    Await.until(Duration.ofSeconds(5), "health UP", () -> connector.health() == RedisHealth.UP);

    redis.stop();
    Await.until(Duration.ofSeconds(5), "health DOWN", () -> connector.health() == RedisHealth.DOWN);
    redis.start();
    Await.until(Duration.ofSeconds(10), "health UP", () -> connector.health() == RedisHealth.UP);

    // the pool opens fresh connections and the scripts are loaded again (NOSCRIPT → EVAL)
    JobSnapshot job = await(queue.submit(JobRequest.retrain(new JsonObject())));
    assertEquals(JobStatus.QUEUED, job.status());
    // the pub/sub connection comes back by itself (on its own backoff, so events published
    // before it is back are lost): keep queueing jobs until one's event travels through Redis
    List<String> submitted = new CopyOnWriteArrayList<>(List.of(job.jobId()));
    Await.until(
        Duration.ofSeconds(10),
        "an event after the restart",
        () -> {
          if (events.stream().anyMatch(e -> submitted.contains(e.getString("job_id")))) {
            return true;
          }
          submitted.add(submitQuietly(queue, submitted.size()));
          return false;
        });
  }

  private static String submitQuietly(JobQueue queue, int n) {
    try {
      return await(queue.submit(JobRequest.retrain(new JsonObject().put("n", n)))).jobId();
    } catch (Exception e) {
      throw new AssertionError("submit failed after Redis came back", e);
    }
  }
}
