package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.Await.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link JobQueue} back end must show in one lane; see also {@link
 * JobLanesContract}.
 */
abstract class JobQueueContract extends JobQueueHarness {

  @Test
  void submittedJobIsClaimedRunAndCompleted() throws Exception {
    JobQueue queue = queue(3);
    JobSnapshot queued = await(queue.submit(retrain("rounds", 50)));
    assertEquals(JobStatus.QUEUED, queued.status());
    assertEquals(0, queued.attempts());
    assertEquals(50, queued.params().getInteger("rounds"));
    assertNotNull(queued.createdAt());

    ClaimedJob claimed = await(queue.claim("w1")).orElseThrow();
    assertEquals(queued.jobId(), claimed.jobId());
    assertEquals(JobStatus.RUNNING, claimed.job().status());
    assertEquals(1, claimed.job().attempts());
    assertEquals("w1", claimed.job().workerId());
    assertFalse(claimed.takeover());

    await(queue.progress(claimed.jobId(), "w1", new JsonObject().put("round", 7)));
    JobSnapshot done =
        await(queue.complete(claimed.jobId(), "w1", new JsonObject().put("version", "4")));
    assertEquals(JobStatus.SUCCEEDED, done.status());

    JobSnapshot stored = await(queue.get(queued.jobId())).orElseThrow();
    assertEquals(JobStatus.SUCCEEDED, stored.status());
    assertEquals(7, stored.progress().getInteger("round"));
    assertEquals("4", stored.result().getString("version"));
    assertNotNull(stored.startedAt());
    assertNotNull(stored.finishedAt());
    assertTrue(await(queue.claim("w1")).isEmpty(), "nothing left to claim");
  }

  @Test
  void identicalQueuedRequestIsMergedIntoTheQueuedJob() throws Exception {
    JobQueue queue = queue(3);
    JsonObject params = new JsonObject().put("rounds", 100).put("eta", 0.1);
    JsonObject sameReordered = new JsonObject().put("eta", 0.1).put("rounds", 100);
    JobSnapshot first = await(queue.submit(JobRequest.retrain(params)));
    JobSnapshot second = await(queue.submit(JobRequest.retrain(sameReordered)));
    JobSnapshot other = await(queue.submit(retrain("rounds", 10)));

    assertEquals(first.jobId(), second.jobId());
    assertNotEquals(first.jobId(), other.jobId());
    assertEquals(2, await(queue.list(10)).size());

    await(queue.claim("w1"));
    JobSnapshot afterClaim = await(queue.submit(JobRequest.retrain(params)));
    assertNotEquals(first.jobId(), afterClaim.jobId(), "a running job is not merged into");
  }

  @Test
  void onlyOneJobRunsAcrossWorkers() throws Exception {
    JobQueue queue = queue(3);
    JobSnapshot a = await(queue.submit(retrain("job", "a")));
    JobSnapshot b = await(queue.submit(retrain("job", "b")));

    ClaimedJob first = await(queue.claim("w1")).orElseThrow();
    assertEquals(a.jobId(), first.jobId(), "oldest first");
    assertTrue(await(queue.claim("w2")).isEmpty(), "lease held by w1");

    await(queue.complete(first.jobId(), "w1", new JsonObject()));
    ClaimedJob second = await(queue.claim("w2")).orElseThrow();
    assertEquals(b.jobId(), second.jobId());
  }

  @Test
  void competingClaimersGetOneJobBetweenThem() throws Exception {
    JobQueue queue = queue(3);
    for (int i = 0; i < 4; i++) {
      await(queue.submit(retrain("job", i)));
    }
    Future<Optional<ClaimedJob>> one = queue.claim("w1");
    Future<Optional<ClaimedJob>> two = queue.claim("w2");
    long winners = List.of(await(one), await(two)).stream().filter(Optional::isPresent).count();
    assertEquals(1, winners);
    long running =
        await(queue.list(10)).stream().filter(job -> job.status() == JobStatus.RUNNING).count();
    assertEquals(1, running);
  }

  @Test
  void heartbeatsKeepTheLease() throws Exception {
    JobQueue queue = queue(3);
    await(queue.submit(retrain("job", "long")));
    ClaimedJob held = await(queue.claim("w1")).orElseThrow();
    for (int i = 0; i < 6; i++) {
      Thread.sleep(VISIBILITY.toMillis() / 3);
      HeartbeatReply reply = await(queue.heartbeat(held.jobId(), "w1"));
      assertTrue(reply.leaseHeld());
      assertFalse(reply.shouldStop());
      assertTrue(await(queue.claim("w2")).isEmpty(), "beat " + i);
    }
  }

  @Test
  void jobOfASilentWorkerIsTakenOverAfterTheVisibilityTimeout() throws Exception {
    JobQueue queue = queue(3);
    await(queue.submit(retrain("job", "x")));
    ClaimedJob lost = await(queue.claim("w1")).orElseThrow();
    assertTrue(await(queue.claim("w2")).isEmpty());

    Thread.sleep(VISIBILITY.toMillis() * 2);
    ClaimedJob taken = await(queue.claim("w2")).orElseThrow();
    assertEquals(lost.jobId(), taken.jobId());
    assertTrue(taken.takeover());
    assertEquals(2, taken.job().attempts());
    assertEquals("w2", taken.job().workerId());

    HeartbeatReply stale = await(queue.heartbeat(lost.jobId(), "w1"));
    assertFalse(stale.leaseHeld());
    assertInstanceOf(
        JobException.LeaseLost.class,
        failureOf(queue.complete(lost.jobId(), "w1", new JsonObject())));
    assertEquals(
        JobStatus.SUCCEEDED, await(queue.complete(taken.jobId(), "w2", new JsonObject())).status());
  }

  @Test
  void slowWorkerKeepsAnExpiredLeaseNobodyTookOver() throws Exception {
    JobQueue queue = queue(3);
    await(queue.submit(retrain("job", "slow")));
    ClaimedJob held = await(queue.claim("w1")).orElseThrow();
    Thread.sleep(VISIBILITY.toMillis() * 2);
    assertTrue(await(queue.heartbeat(held.jobId(), "w1")).leaseHeld());
    assertTrue(await(queue.claim("w2")).isEmpty(), "lease renewed by the late heartbeat");
  }

  @Test
  void failedJobIsRetriedThenDead() throws Exception {
    JobQueue queue = queue(2);
    JobSnapshot job = await(queue.submit(retrain("job", "flaky")));

    ClaimedJob first = await(queue.claim("w1")).orElseThrow();
    JobSnapshot retry = await(queue.fail(first.jobId(), "w1", "out of memory"));
    assertEquals(JobStatus.QUEUED, retry.status());
    assertEquals("out of memory", retry.error());

    ClaimedJob second = await(queue.claim("w2")).orElseThrow();
    assertEquals(job.jobId(), second.jobId());
    assertEquals(2, second.job().attempts());
    JobSnapshot dead = await(queue.fail(second.jobId(), "w2", "out of memory again"));
    assertEquals(JobStatus.DEAD, dead.status());
    assertNotNull(dead.finishedAt());
    assertTrue(await(queue.claim("w3")).isEmpty());

    Await.until(Duration.ofSeconds(5), "dead event", () -> types().contains("dead"));
    assertEquals(List.of("queued", "started", "failed", "started", "dead"), types());
    assertTrue(events.get(2).getBoolean("will_retry"));
  }

  @Test
  void retriedJobGoesAheadOfNewerJobs() throws Exception {
    JobQueue queue = queue(3);
    JobSnapshot old = await(queue.submit(retrain("job", "old")));
    await(queue.submit(retrain("job", "new")));
    ClaimedJob first = await(queue.claim("w1")).orElseThrow();
    await(queue.fail(first.jobId(), "w1", "transient"));
    assertEquals(old.jobId(), await(queue.claim("w1")).orElseThrow().jobId());
  }

  @Test
  void permanentFailureIsNotRetried() throws Exception {
    JobQueue queue = queue(3);
    await(queue.submit(retrain("job", "bad")));
    ClaimedJob claimed = await(queue.claim("w1")).orElseThrow();
    JobSnapshot failed = await(queue.failPermanently(claimed.jobId(), "w1", "only one class"));
    assertEquals(JobStatus.FAILED, failed.status());
    assertEquals("only one class", failed.error());
    assertTrue(await(queue.claim("w1")).isEmpty());
  }

  @Test
  void jobWhoseWorkersKeepDyingEndsDead() throws Exception {
    JobQueue queue = queue(1);
    JobSnapshot job = await(queue.submit(retrain("job", "crashy")));
    assertTrue(await(queue.claim("w1")).isPresent(), "a worker claims the job");
    Thread.sleep(VISIBILITY.toMillis() * 2);

    assertTrue(await(queue.claim("w2")).isEmpty(), "no attempts left, nothing else queued");
    JobSnapshot dead = await(queue.get(job.jobId())).orElseThrow();
    assertEquals(JobStatus.DEAD, dead.status());
    assertTrue(dead.error().contains("w1"), dead.error());
  }

  @Test
  void cancellingAQueuedJobCancelsItAtOnce() throws Exception {
    JobQueue queue = queue(3);
    JobSnapshot job = await(queue.submit(retrain("job", "unwanted")));
    JobSnapshot cancelled = await(queue.cancel(job.jobId()));
    assertEquals(JobStatus.CANCELLED, cancelled.status());
    assertTrue(await(queue.claim("w1")).isEmpty());
    assertInstanceOf(JobException.WrongState.class, failureOf(queue.cancel(job.jobId())));
    JobSnapshot resubmitted = await(queue.submit(retrain("job", "unwanted")));
    assertNotEquals(job.jobId(), resubmitted.jobId(), "a cancelled job is not merged into");
  }

  @Test
  void cancellingARunningJobAsksItsWorkerToStop() throws Exception {
    JobQueue queue = queue(3);
    await(queue.submit(retrain("job", "long")));
    ClaimedJob claimed = await(queue.claim("w1")).orElseThrow();
    assertFalse(await(queue.isCancelRequested(claimed.jobId())));

    JobSnapshot requested = await(queue.cancel(claimed.jobId()));
    assertEquals(JobStatus.RUNNING, requested.status());
    assertTrue(requested.cancelRequested());
    assertTrue(await(queue.isCancelRequested(claimed.jobId())));
    HeartbeatReply reply = await(queue.heartbeat(claimed.jobId(), "w1"));
    assertTrue(reply.cancelRequested());
    assertTrue(reply.shouldStop());

    assertEquals(
        JobStatus.CANCELLED, await(queue.acknowledgeCancel(claimed.jobId(), "w1")).status());
    await(queue.submit(retrain("job", "next")));
    assertTrue(await(queue.claim("w2")).isPresent(), "lease released");
  }

  @Test
  void cancelledJobOfADeadWorkerEndsCancelledNotRetried() throws Exception {
    JobQueue queue = queue(3);
    JobSnapshot job = await(queue.submit(retrain("job", "orphan")));
    assertTrue(await(queue.claim("w1")).isPresent(), "a worker claims the job");
    await(queue.cancel(job.jobId()));
    Thread.sleep(VISIBILITY.toMillis() * 2);

    assertTrue(await(queue.claim("w2")).isEmpty());
    assertEquals(JobStatus.CANCELLED, await(queue.get(job.jobId())).orElseThrow().status());
    Await.until(Duration.ofSeconds(5), "cancelled event", () -> types().contains("cancelled"));
  }

  @Test
  void unknownJobsAreReportedAsSuch() throws Exception {
    JobQueue queue = queue(3);
    assertTrue(await(queue.get("no-such-job")).isEmpty());
    assertInstanceOf(JobException.UnknownJob.class, failureOf(queue.cancel("no-such-job")));
    assertInstanceOf(
        JobException.UnknownJob.class, failureOf(queue.heartbeat("no-such-job", "w1")));
    assertInstanceOf(
        JobException.UnknownJob.class, failureOf(queue.isCancelRequested("no-such-job")));
  }

  @Test
  void listAndLatestAreNewestFirst() throws Exception {
    JobQueue queue = queue(3);
    assertTrue(await(queue.latest()).isEmpty());
    JobSnapshot a = await(queue.submit(retrain("n", 1)));
    Thread.sleep(5);
    JobSnapshot b = await(queue.submit(retrain("n", 2)));
    Thread.sleep(5);
    JobSnapshot c = await(queue.submit(retrain("n", 3)));
    assertEquals(
        List.of(c.jobId(), b.jobId(), a.jobId()),
        await(queue.list(10)).stream().map(JobSnapshot::jobId).toList());
    assertEquals(
        List.of(c.jobId(), b.jobId()),
        await(queue.list(2)).stream().map(JobSnapshot::jobId).toList());
    assertEquals(c.jobId(), await(queue.latest()).orElseThrow().jobId());
  }

  @Test
  void everyTransitionIsPublishedOnTheEventBus() throws Exception {
    JobQueue queue = queue(3);
    JobSnapshot job = await(queue.submit(retrain("job", "watched")));
    ClaimedJob claimed = await(queue.claim("w1")).orElseThrow();
    await(
        queue.progress(
            claimed.jobId(), "w1", new JsonObject().put("round", 3).put("metric", 0.25)));
    await(queue.complete(claimed.jobId(), "w1", new JsonObject().put("accuracy", 0.9)));

    Await.until(Duration.ofSeconds(5), "four events", () -> events.size() >= 4);
    assertEquals(List.of("queued", "started", "progress", "finished"), types());
    events.forEach(event -> assertEquals(job.jobId(), event.getString("job_id")));
    assertEquals(3, events.get(2).getJsonObject("progress").getInteger("round"));
    assertEquals(0.9, events.get(3).getJsonObject("result").getDouble("accuracy"));
    assertEquals("succeeded", events.get(3).getString("status"));
    assertNull(events.get(0).getString("worker_id"));
  }
}
