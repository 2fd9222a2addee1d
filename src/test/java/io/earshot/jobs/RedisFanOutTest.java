package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.jobs.redis.RedisConnector;
import io.earshot.jobs.redis.RedisJobEvents;
import io.earshot.jobs.redis.RedisJobQueue;
import io.earshot.jobs.redis.RedisModelRegistry;
import io.earshot.jobs.redis.RedisSettings;
import io.earshot.testing.Await;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two Earshot instances (two Vert.x, two connectors) sharing one Redis. */
class RedisFanOutTest {

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private final Instance a = new Instance();
  private final Instance b = new Instance();

  @BeforeEach
  void start() throws Exception {
    RedisSettings settings =
        RedisSettings.fromUrl(redis.url()).withKeyPrefix(RedisServerExtension.freshPrefix());
    a.start(settings);
    b.start(settings);
  }

  @AfterEach
  void stop() throws Exception {
    a.stop();
    b.stop();
  }

  @Test
  void jobEventsReachEveryInstanceOnce() throws Exception {
    JobSnapshot job = await(a.queue.submit(JobRequest.retrain(new JsonObject())));
    ClaimedJob claimed = await(b.queue.claim("worker-on-b")).orElseThrow();
    await(b.queue.progress(claimed.jobId(), "worker-on-b", new JsonObject().put("round", 1)));

    for (Instance instance : List.of(a, b)) {
      Await.until(Duration.ofSeconds(5), "three events", () -> instance.events.size() >= 3);
      Thread.sleep(100);
      assertEquals(
          List.of("queued", "started", "progress"),
          instance.events.stream().map(e -> e.getString("type")).toList(),
          "no duplicates either");
      instance.events.forEach(e -> assertEquals(job.jobId(), e.getString("job_id")));
    }
  }

  @Test
  void onlyOneInstanceTrainsAtATime() throws Exception {
    for (int i = 0; i < 5; i++) {
      await(a.queue.submit(JobRequest.retrain(new JsonObject().put("n", i))));
    }
    List<Future<Optional<ClaimedJob>>> claims = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      claims.add(a.queue.claim("worker-a" + i));
      claims.add(b.queue.claim("worker-b" + i));
    }
    long winners = 0;
    for (Future<Optional<ClaimedJob>> claim : claims) {
      winners += await(claim).isPresent() ? 1 : 0;
    }
    assertEquals(1, winners, "16 racing claims from two instances");
    assertEquals(
        1,
        await(b.queue.list(10)).stream().filter(job -> job.status() == JobStatus.RUNNING).count());
  }

  @Test
  void activationOnOneInstanceIsAnnouncedOnTheOther() throws Exception {
    List<String> seenOnB = new CopyOnWriteArrayList<>();
    await(b.registry.onActivated(seenOnB::add));
    String version =
        await(a.registry.register(new byte[] {42}, new JsonObject(), new JsonObject()));
    await(a.registry.activate(version));

    Await.until(Duration.ofSeconds(5), "activation on b", () -> seenOnB.contains(version));
    assertEquals(version, await(b.registry.activeVersion()).orElseThrow());
    assertTrue(await(b.registry.active()).orElseThrow().info().active());
  }

  private static final class Instance {
    final List<JsonObject> events = new CopyOnWriteArrayList<>();
    Vertx vertx;
    RedisConnector connector;
    JobQueue queue;
    ModelRegistry registry;

    void start(RedisSettings settings) throws Exception {
      vertx = Vertx.vertx();
      vertx
          .eventBus()
          .<JsonObject>consumer(JobEvents.ADDRESS, message -> events.add(message.body()));
      connector = await(RedisConnector.start(vertx, settings));
      queue =
          new RedisJobQueue(
              connector,
              await(RedisJobEvents.start(connector)),
              JobQueueOptions.DEFAULTS,
              JobLane.TRAINING);
      registry = await(RedisModelRegistry.start(connector));
    }

    void stop() throws Exception {
      await(connector.close());
      await(vertx.close());
    }
  }
}
