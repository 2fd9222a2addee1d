package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.Await.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link JobQueue} back end must show across lanes: capacity per lane, per-job
 * leases, lanes that claim only their own jobs but read each other's, and {@link
 * JobQueue#confirmLease}.
 */
abstract class JobLanesContract extends JobQueueHarness {

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
}
