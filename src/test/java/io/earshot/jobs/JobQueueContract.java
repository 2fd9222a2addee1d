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
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link JobQueue} back end must show; subclasses supply the back end. */
abstract class JobQueueContract {

  /** Short, so that takeover tests run quickly; waits below are multiples of it. */
  static final Duration VISIBILITY = Duration.ofMillis(400);

  Vertx vertx;
  final List<JsonObject> events = new CopyOnWriteArrayList<>();

  /**
   * A queue for {@code lane}; events must reach {@link JobEvents#ADDRESS} on vertx. The queues one
   * test creates share one back end (the same jobs), as the lanes of one instance do; a test passes
   * the same options every time.
   */
  abstract Future<JobQueue> createQueue(Vertx vertx, JobQueueOptions options, JobLane lane);

  abstract Future<Void> closeBackEnd();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer(JobEvents.ADDRESS, message -> events.add(message.body()));
  }

  @AfterEach
  void stopVertx() throws Exception {
    await(closeBackEnd());
    await(vertx.close());
  }

  /** The training lane. */
  JobQueue queue(int maxAttempts) throws Exception {
    return queue(maxAttempts, JobLane.TRAINING);
  }

  /** A lane whose leases outlast any test: for tests that are not about expiry. */
  JobQueue steadyQueue(JobLane lane) throws Exception {
    return await(createQueue(vertx, JobQueueOptions.DEFAULTS, lane));
  }

  /** The training lane with leases of the given length. */
  JobQueue queue(Duration visibility) throws Exception {
    return await(
        createQueue(
            vertx, JobQueueOptions.DEFAULTS.withVisibilityTimeout(visibility), JobLane.TRAINING));
  }

  JobQueue queue(int maxAttempts, JobLane lane) throws Exception {
    return await(
        createQueue(
            vertx,
            JobQueueOptions.DEFAULTS.withVisibilityTimeout(VISIBILITY).withMaxAttempts(maxAttempts),
            lane));
  }

  static JobRequest retrain(String key, Object value) {
    return JobRequest.retrain(new JsonObject().put(key, value));
  }

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

  @Test
  void anUnboundedLaneLetsEveryWorkerHoldAJobAtOnce() throws Exception {
    JobQueue analysis = steadyQueue(JobLane.ANALYSIS);
    JobSnapshot a = await(analysis.submit(analyse("a.wav")));
    JobSnapshot b = await(analysis.submit(analyse("b.wav")));

    ClaimedJob first = await(analysis.claim("w1")).orElseThrow();
    ClaimedJob second = await(analysis.claim("w2")).orElseThrow();
    assertEquals(a.jobId(), first.jobId());
    assertEquals(b.jobId(), second.jobId());
    assertTrue(await(analysis.heartbeat(first.jobId(), "w1")).leaseHeld());
    assertTrue(await(analysis.heartbeat(second.jobId(), "w2")).leaseHeld());
    assertEquals(
        2, await(analysis.list(10)).stream().filter(j -> j.status() == JobStatus.RUNNING).count());
    assertTrue(await(analysis.claim("w3")).isEmpty(), "both taken, nothing left queued");

    await(analysis.complete(first.jobId(), "w1", new JsonObject()));
    await(analysis.complete(second.jobId(), "w2", new JsonObject()));
    assertEquals(JobStatus.SUCCEEDED, await(analysis.get(b.jobId())).orElseThrow().status());
  }

  @Test
  void aLaneRunsNoMoreJobsThanItsCapacity() throws Exception {
    JobQueue pairs = steadyQueue(new JobLane("pairs", 2));
    for (int i = 0; i < 3; i++) {
      await(pairs.submit(analyse(i + ".wav")));
    }
    ClaimedJob first = await(pairs.claim("w1")).orElseThrow();
    assertTrue(await(pairs.claim("w2")).isPresent());
    assertTrue(await(pairs.claim("w3")).isEmpty(), "two of two running");

    await(pairs.complete(first.jobId(), "w1", new JsonObject()));
    assertTrue(await(pairs.claim("w3")).isPresent(), "a place came free");
  }

  @Test
  void anExpiredLeaseInAnUnboundedLaneIsTakenOverWhileItsNeighbourRunsOn() throws Exception {
    JobQueue analysis = queue(3, JobLane.ANALYSIS);
    JobSnapshot silent = await(analysis.submit(analyse("silent.wav")));
    JobSnapshot busy = await(analysis.submit(analyse("busy.wav")));
    JobSnapshot waiting = await(analysis.submit(analyse("waiting.wav")));
    assertEquals(silent.jobId(), await(analysis.claim("w1")).orElseThrow().jobId());
    assertEquals(busy.jobId(), await(analysis.claim("w2")).orElseThrow().jobId());

    // w1 goes quiet while w2 keeps beating, until w1's lease is long gone
    for (int i = 0; i < 6; i++) {
      Thread.sleep(VISIBILITY.toMillis() / 3);
      assertTrue(await(analysis.heartbeat(busy.jobId(), "w2")).leaseHeld(), "beat " + i);
    }
    ClaimedJob taken = await(analysis.claim("w3")).orElseThrow();
    assertEquals(silent.jobId(), taken.jobId(), "the expired job goes before the queued one");
    assertTrue(taken.takeover());
    assertEquals(2, taken.job().attempts());
    assertTrue(taken.job().error().contains("w1"), taken.job().error());

    JobSnapshot neighbour = await(analysis.get(busy.jobId())).orElseThrow();
    assertEquals(JobStatus.RUNNING, neighbour.status());
    assertEquals("w2", neighbour.workerId());
    assertEquals(1, neighbour.attempts());
    assertTrue(await(analysis.heartbeat(busy.jobId(), "w2")).leaseHeld());
    assertFalse(await(analysis.heartbeat(silent.jobId(), "w1")).leaseHeld());
    assertEquals(JobStatus.QUEUED, await(analysis.get(waiting.jobId())).orElseThrow().status());
    assertEquals(
        JobStatus.SUCCEEDED,
        await(analysis.complete(busy.jobId(), "w2", new JsonObject())).status());
  }

  @Test
  void lanesClaimOnlyTheirOwnJobsButReadListAndCancelEveryLane() throws Exception {
    JobQueue training = steadyQueue(JobLane.TRAINING);
    JobQueue analysis = steadyQueue(JobLane.ANALYSIS);
    JobRequest same = retrain("rounds", 10);
    JobSnapshot trainingJob = await(training.submit(same));
    JobSnapshot analysisJob = await(analysis.submit(same));
    assertNotEquals(trainingJob.jobId(), analysisJob.jobId(), "no merging across lanes");
    assertEquals("jobs", trainingJob.lane());
    assertEquals("analysis", analysisJob.lane());

    ClaimedJob analysed = await(analysis.claim("w1")).orElseThrow();
    assertEquals(analysisJob.jobId(), analysed.jobId());
    assertTrue(await(analysis.claim("w2")).isEmpty(), "the training job is not analysis's");
    ClaimedJob trained = await(training.claim("w3")).orElseThrow();
    assertEquals(trainingJob.jobId(), trained.jobId());
    assertInstanceOf(
        JobException.LeaseLost.class,
        failureOf(training.complete(analysed.jobId(), "w1", new JsonObject())),
        "a lease is only good in its own lane");

    assertEquals("analysis", await(training.get(analysisJob.jobId())).orElseThrow().lane());
    assertEquals("jobs", await(analysis.get(trainingJob.jobId())).orElseThrow().lane());
    Set<String> both = Set.of(analysisJob.jobId(), trainingJob.jobId());
    assertEquals(both, Set.copyOf(ids(await(training.list(10)))));
    assertEquals(both, Set.copyOf(ids(await(analysis.list(10)))));

    JobSnapshot queued = await(analysis.submit(analyse("later.wav")));
    assertEquals(JobStatus.CANCELLED, await(training.cancel(queued.jobId())).status());
    assertTrue(await(analysis.claim("w4")).isEmpty(), "cancelled from the other lane's queue");
    assertTrue(await(training.cancel(analysed.jobId())).cancelRequested());
    assertTrue(await(analysis.heartbeat(analysed.jobId(), "w1")).cancelRequested());

    assertEquals(trainingJob.jobId(), await(training.latest()).orElseThrow().jobId());
    assertEquals(queued.jobId(), await(analysis.latest()).orElseThrow().jobId());
  }

  @Test
  void confirmLeaseHoldsForTheHolderOfALiveLeaseAndExtendsIt() throws Exception {
    Duration visibility = Duration.ofMillis(600);
    JobQueue queue = queue(visibility);
    await(queue.submit(retrain("job", "side effect")));
    ClaimedJob held = await(queue.claim("w1")).orElseThrow();

    Thread.sleep(visibility.toMillis() * 2 / 3);
    assertTrue(await(queue.confirmLease(held.jobId(), "w1")));
    // past the claim's deadline, within the confirmed one
    Thread.sleep(visibility.toMillis() * 2 / 3);
    assertTrue(await(queue.claim("w2")).isEmpty(), "the confirmed lease is not taken over");
    assertTrue(await(queue.confirmLease(held.jobId(), "w1")));
  }

  @Test
  void confirmLeaseIsFalseForAnotherWorkerAnotherLaneAndAFinishedJob() throws Exception {
    JobQueue training = steadyQueue(JobLane.TRAINING);
    JobQueue analysis = steadyQueue(JobLane.ANALYSIS);
    await(training.submit(retrain("job", "held")));
    ClaimedJob held = await(training.claim("w1")).orElseThrow();

    assertFalse(await(training.confirmLease(held.jobId(), "w2")));
    assertFalse(await(analysis.confirmLease(held.jobId(), "w1")), "not an analysis lease");
    assertFalse(await(training.confirmLease("no-such-job", "w1")));
    assertTrue(await(training.confirmLease(held.jobId(), "w1")));
    await(training.complete(held.jobId(), "w1", new JsonObject()));
    assertFalse(await(training.confirmLease(held.jobId(), "w1")), "released on completion");
  }

  @Test
  void confirmLeaseIsFalseOnceTheLeaseExpiredEvenIfNobodyTookTheJobOver() throws Exception {
    Duration visibility = Duration.ofMillis(200);
    JobQueue queue = queue(visibility);
    await(queue.submit(retrain("job", "paused")));
    ClaimedJob paused = await(queue.claim("w1")).orElseThrow();
    Thread.sleep(visibility.toMillis() * 2);

    assertFalse(await(queue.confirmLease(paused.jobId(), "w1")));
    JobSnapshot stillOurs = await(queue.get(paused.jobId())).orElseThrow();
    assertEquals(JobStatus.RUNNING, stillOurs.status());
    assertEquals("w1", stillOurs.workerId(), "nobody took it over");
    assertTrue(
        await(queue.claim("w2")).orElseThrow().takeover(),
        "a refused confirmation does not extend the lease");
  }

  @Test
  void confirmLeaseIsFalseForTheWorkerWhoseJobWasTakenOver() throws Exception {
    Duration visibility = Duration.ofMillis(200);
    JobQueue queue = queue(visibility);
    await(queue.submit(retrain("job", "taken")));
    ClaimedJob lost = await(queue.claim("w1")).orElseThrow();
    Thread.sleep(visibility.toMillis() * 2);
    ClaimedJob taken = await(queue.claim("w2")).orElseThrow();
    assertEquals(lost.jobId(), taken.jobId());

    assertFalse(await(queue.confirmLease(lost.jobId(), "w1")));
    assertTrue(await(queue.confirmLease(taken.jobId(), "w2")));
  }

  static JobRequest analyse(String recording) {
    return new JobRequest("analysis", new JsonObject().put("recording", recording));
  }

  static List<String> ids(List<JobSnapshot> jobs) {
    return jobs.stream().map(JobSnapshot::jobId).toList();
  }

  List<String> types() {
    return events.stream().map(event -> event.getString("type")).toList();
  }
}
