package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.jobs.redis.RedisConnector;
import io.earshot.testing.Await;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lane contract on Redis, and what only Redis has: list keys, upgrading a single-lease Redis.
 */
class RedisJobLanesTest extends JobLanesContract {

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private final RedisBackEnd backEnd = new RedisBackEnd();

  @Override
  Future<JobQueue> createQueue(Vertx vertx, JobQueueOptions options, JobLane lane) {
    return backEnd.queue(vertx, redis, options, lane);
  }

  @Override
  Future<Void> closeBackEnd() {
    return backEnd.close();
  }

  @Test
  void aJobLeftRunningByTheSingleLeaseLayoutIsTakenOverAndTheOldKeysGo() throws Exception {
    JobQueue queue = queue(3);
    String id = "pre-lanes-job";
    writeSingleLeaseJob(id, 1, 30_000);

    ClaimedJob taken = await(queue.claim("w2")).orElseThrow();
    assertEquals(id, taken.jobId());
    assertTrue(taken.takeover(), "the old lease counts as expired");
    assertEquals(2, taken.job().attempts());
    assertEquals("w2", taken.job().workerId());
    assertEquals("jobs", taken.job().lane(), "a hash without a lane is a training job");
    assertTrue(taken.job().error().contains("old-worker"), taken.job().error());
    assertEquals(0, send("EXISTS", key("jobs:lease"), key("jobs:running")).toInteger());
    assertNotNull(send("ZSCORE", key("jobs:leases"), id), "now under a lease of the new kind");
    assertEquals(JobStatus.SUCCEEDED, await(queue.complete(id, "w2", new JsonObject())).status());
  }

  @Test
  void aJobLeftRunningByTheSingleLeaseLayoutWithoutAttemptsLeftIsClosed() throws Exception {
    JobQueue queue = queue(2);
    String id = "pre-lanes-job";
    writeSingleLeaseJob(id, 2, 30_000);
    JobSnapshot next = await(queue.submit(retrain("job", "after the upgrade")));

    ClaimedJob claimed = await(queue.claim("w2")).orElseThrow();
    assertEquals(next.jobId(), claimed.jobId(), "the lane is free once the old job is closed");
    JobSnapshot dead = await(queue.get(id)).orElseThrow();
    assertEquals(JobStatus.DEAD, dead.status());
    assertTrue(dead.error().contains("old-worker"), dead.error());
    assertTrue(send("TTL", key("job:" + id)).toLong() > 0, "kept for the retention only");
    assertEquals(0, send("EXISTS", key("jobs:lease"), key("jobs:running")).toInteger());
    Await.until(Duration.ofSeconds(5), "dead event", () -> types().contains("dead"));
  }

  @Test
  void theAnalysisLaneLeavesTheSingleLeaseKeysToTheTrainingLane() throws Exception {
    JobQueue analysis = queue(3, JobLane.ANALYSIS);
    writeSingleLeaseJob("pre-lanes-job", 1, 30_000);
    assertTrue(await(analysis.claim("w1")).isEmpty());
    assertEquals(2, send("EXISTS", key("jobs:lease"), key("jobs:running")).toInteger());
    assertEquals(JobStatus.RUNNING, await(analysis.get("pre-lanes-job")).orElseThrow().status());
  }

  @Test
  void latestFindsTheLanesNewestJobWithoutItsPointer() throws Exception {
    JobQueue training = queue(3, JobLane.TRAINING);
    JobQueue analysis = queue(3, JobLane.ANALYSIS);
    JobSnapshot trainingJob = await(training.submit(retrain("n", 1)));
    Thread.sleep(5);
    for (int i = 0; i < 3; i++) {
      await(analysis.submit(analyse(i + ".wav")));
    }
    // a Redis upgraded from before lanes has no pointer: the shared index is searched instead
    send("DEL", key("jobs:latest"));
    assertEquals(trainingJob.jobId(), await(training.latest()).orElseThrow().jobId());
  }

  @Test
  void eachLaneQueuesInAListOfItsOwnThatCancelEmptiesFromAnyLane() throws Exception {
    JobQueue training = queue(3, JobLane.TRAINING);
    JobQueue analysis = queue(3, JobLane.ANALYSIS);
    await(training.submit(retrain("n", 1)));
    JobSnapshot first = await(analysis.submit(analyse("a.wav")));
    await(analysis.submit(analyse("b.wav")));
    // the lengths autoscalers read
    assertEquals(1, send("LLEN", key("jobs:queue")).toInteger());
    assertEquals(2, send("LLEN", key("analysis:queue")).toInteger());

    await(training.cancel(first.jobId()));
    assertEquals(1, send("LLEN", key("analysis:queue")).toInteger());
    assertEquals(1, send("LLEN", key("jobs:queue")).toInteger());
  }

  /** A RUNNING job as the single-lease version left it: no lane field, old lease keys set. */
  private void writeSingleLeaseJob(String id, int attempts, long leaseMs) throws Exception {
    long now = System.currentTimeMillis();
    send(
        "HSET",
        key("job:" + id),
        "id",
        id,
        "type",
        "retrain",
        "params",
        "{}",
        "status",
        "RUNNING",
        "attempts",
        String.valueOf(attempts),
        "created_at",
        String.valueOf(now),
        "started_at",
        String.valueOf(now),
        "worker",
        "old-worker");
    send("ZADD", key("jobs:index"), String.valueOf(now), id);
    send("SET", key("jobs:lease"), id, "PX", String.valueOf(leaseMs));
    send("SET", key("jobs:running"), id);
  }

  private String key(String name) {
    return backEnd.connector().keyPrefix() + name;
  }

  private Response send(String command, String... args) throws Exception {
    RedisConnector connector = backEnd.connector();
    Request request = Request.cmd(Command.create(command));
    List.of(args).forEach(request::arg);
    return await(connector.send(request));
  }
}
